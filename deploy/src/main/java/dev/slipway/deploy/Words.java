package dev.slipway.deploy;

import java.net.ConnectException;
import java.time.Duration;

/** How rollouts put durations, replicas and errors in their messages. */
final class Words {
    private Words() {}

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = d.toSeconds();
        if (s < 120 || s % 60 != 0) {
            return ms % 1000 == 0 || s >= 10 ? s + " s" : String.format("%.1f s", ms / 1000.0);
        }
        return s / 60 + " min";
    }

    /** "replica 2 of 3 of 1.0.7": ordinals count from 1 for people. */
    static String replica(int ordinal, int of, Release release) {
        return "replica " + (ordinal + 1) + " of " + of + " of " + release.version();
    }

    static String replicas(int n) {
        return n == 1 ? "1 replica" : n + " replicas";
    }

    /** An exception as a short reason, without its class name where the message says enough. */
    static String reason(Throwable e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
