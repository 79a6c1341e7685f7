package dev.slipway.executor.docker;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the units of {@code docker create} options: Go durations, byte sizes, CPU counts. */
final class Units {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");

    private Units() {}

    /** A Go duration such as {@code 10s}, {@code 1m30s} or {@code 500ms}; a bare number means seconds. */
    static Duration duration(String text) {
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        Matcher m = DURATION_PART.matcher(text);
        long nanos = 0;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            BigDecimal value = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += value.multiply(BigDecimal.valueOf(unit)).longValue();
            at = m.end();
        }
        if (at != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException("invalid duration '" + text + "' (use e.g. 10s, 1m30s, 500ms)");
        }
        return Duration.ofNanos(nanos);
    }

    /** A size such as {@code 512m}, {@code 1g}, {@code 1.5GB} or {@code 1048576} (bytes), in bytes, base 1024. */
    static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size '" + text + "' (use e.g. 512m, 2g)");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return new BigDecimal(m.group(1))
                .multiply(BigDecimal.valueOf(1L << shift))
                .longValue();
    }

    /** A CPU count such as {@code 1.5}, in billionths of a CPU as the Engine API wants. */
    static long nanoCpus(String text) {
        try {
            BigDecimal cpus = new BigDecimal(text);
            if (cpus.signum() <= 0) {
                throw new IllegalArgumentException("--cpus must be positive: " + text);
            }
            return cpus.movePointRight(9).longValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid --cpus value '" + text + "'", e);
        }
    }
}
