package dev.slipway.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Relative times ("3 minutes ago") and short durations ("1m 05s") as the pages show them. */
final class Times {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ROOT);

    private Times() {}

    /** How long before {@code now} {@code then} was; older than 30 days gives the date. */
    static String ago(Instant then, Instant now) {
        long seconds = Duration.between(then, now).toSeconds();
        if (seconds < 10) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + " seconds ago";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return plural(minutes, "minute") + " ago";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return plural(hours, "hour") + " ago";
        }
        long days = hours / 24;
        if (days < 30) {
            return days == 1 ? "yesterday" : days + " days ago";
        }
        return "on " + DATE.format(then.atOffset(ZoneOffset.UTC));
    }

    /** How long from {@code now} until {@code then}: "in 3 days", "in 5 hours", "in 12 minutes". */
    static String until(Instant then, Instant now) {
        long minutes = Math.max(1, Duration.between(now, then).toMinutes());
        if (minutes < 60) {
            return "in " + plural(minutes, "minute");
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return "in " + plural(hours, "hour");
        }
        return "in " + plural((hours + 12) / 24, "day"); // to the nearest day: a 7-day token is "in 7 days"
    }

    /** {@code 42s}, {@code 3m 05s}, {@code 2h 07m}; negative durations count as zero. */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    private static String plural(long n, String unit) {
        return n == 1 ? "1 " + unit : n + " " + unit + "s";
    }
}
