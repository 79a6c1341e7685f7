package dev.slipway.executor.docker;

import dev.slipway.runtime.spi.ProcessOwners;
import java.util.Locale;
import java.util.Map;
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
                ProcessOwners.startedOf(ProcessHandle.current()));
    }

    static String ownerOf(ProcessHandle process) {
        return process.pid() + "@" + ProcessOwners.hostName();
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
}
