package dev.slipway.executor.docker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The labels on every container, network and volume the executor creates, and their names. */
final class Labels {
    static final String JOB = "dev.slipway.job";
    static final String MANAGED = "dev.slipway.managed";
    /** {@code <pid>@<host>} of the process that created the resource. */
    static final String OWNER = "dev.slipway.owner";
    /** Start time (epoch millis) of the owner process, to tell a reused pid from the owner. */
    static final String OWNER_STARTED = "dev.slipway.owner-started";

    private Labels() {}

    static Map<String, String> of(String jobKey) {
        return Map.of(
                JOB,
                jobKey,
                MANAGED,
                "true",
                OWNER,
                ownerOf(ProcessHandle.current()),
                OWNER_STARTED,
                startedOf(ProcessHandle.current()));
    }

    static String ownerOf(ProcessHandle process) {
        return process.pid() + "@" + hostName();
    }

    static String startedOf(ProcessHandle process) {
        return process.info()
                .startInstant()
                .map(i -> Long.toString(i.toEpochMilli()))
                .orElse("");
    }

    /** A unique, engine-safe base name for a job's resources: {@code slipway-<job key>-<random>}. */
    static String resourceName(String jobKey) {
        String base = sanitize(jobKey);
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return "slipway-" + base + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    static String sanitize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-");
    }

    static String hostName() {
        Optional<String> env = Optional.ofNullable(System.getenv("HOSTNAME")).filter(s -> !s.isBlank());
        if (env.isPresent()) {
            return env.get();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
