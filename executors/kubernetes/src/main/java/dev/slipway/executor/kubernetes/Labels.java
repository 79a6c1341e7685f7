package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.ProcessOwners;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The labels on every pod the executor creates, so that {@link Reaper} can find what a crashed process left. Label
 * values allow only {@code [A-Za-z0-9._-]} and 63 characters, so the owner is split over three labels and the job key,
 * which may hold {@code /}, is kept whole in an annotation.
 */
final class Labels {
    static final String MANAGED = "slipway.dev/managed";
    static final String JOB = "slipway.dev/job";
    static final String OWNER_HOST = "slipway.dev/owner-host";
    static final String OWNER_PID = "slipway.dev/owner-pid";
    /** Start time (epoch millis) of the owner process, to tell a reused pid from the owner. */
    static final String OWNER_STARTED = "slipway.dev/owner-started";

    private Labels() {}

    static Map<String, String> of(String jobKey) {
        ProcessHandle self = ProcessHandle.current();
        return Map.of(
                MANAGED,
                "true",
                JOB,
                value(jobKey),
                OWNER_HOST,
                value(ProcessOwners.hostName()),
                OWNER_PID,
                Long.toString(self.pid()),
                OWNER_STARTED,
                ProcessOwners.startedOf(self));
    }

    /** A valid label value: allowed characters only, at most 63, starting and ending alphanumeric. */
    static String value(String s) {
        String v = s.replaceAll("[^A-Za-z0-9._-]+", "-");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    /** A unique DNS-1123 pod name: {@code slipway-<job key>-<random>}. */
    static String podName(String jobKey) {
        String base = jobKey.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        base = base.replaceAll("^-+|-+$", "");
        return "slipway-" + (base.isEmpty() ? "job" : base) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    /** A DNS-1123 label for a container name: lower case, {@code -} for anything else, at most 63 characters. */
    static String containerName(String id) {
        String n = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        if (n.length() > 63) {
            n = n.substring(0, 63);
        }
        n = n.replaceAll("^-+|-+$", "");
        return n.isEmpty() ? "service" : n;
    }

    /**
     * What went wrong, from the messages of {@code e} and its causes: fabric8 wraps the reason (an unknown host, a
     * refused connection, a 403 from the API server) in "An error has occurred."
     */
    static String reason(Throwable e) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String m = Optional.ofNullable(t.getMessage()).orElse("").strip();
            if (t instanceof java.nio.channels.UnresolvedAddressException) {
                m = "the host name does not resolve (UnresolvedAddressException)";
            } else if (m.isEmpty()
                    || m.equals("An error has occurred.")
                    || (t.getCause() != null && m.equals(t.getCause().toString()))) { // new IOException(cause)
                m = t.getCause() == null ? t.getClass().getSimpleName() : "";
            } else if (t instanceof java.io.IOException && !(t.getClass() == java.io.IOException.class)) {
                m = t.getClass().getSimpleName() + ": " + m;
            }
            String found = m;
            if (!found.isEmpty() && parts.stream().noneMatch(p -> p.contains(found))) {
                parts.add(found);
            }
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }
}
