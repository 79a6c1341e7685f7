package dev.slipway.cli;

import java.time.Duration;

/** Human durations: {@code 850ms}, {@code 2.4s}, {@code 3m 05s}. */
final class Durations {
    private Durations() {}

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "%dm %02ds", ms / 60_000, (ms / 1000) % 60);
    }
}
