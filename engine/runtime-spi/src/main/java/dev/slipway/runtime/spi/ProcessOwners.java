package dev.slipway.runtime.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Who made a container, pod or other resource an executor leaves behind when its process dies: this machine's name
 * and a process's start time, recorded in the resource's labels, and whether that owner is gone, so that a reaper
 * removes only what a dead process left. Shared by the executors that label what they create.
 */
public final class ProcessOwners {
    private ProcessOwners() {}

    /** This machine's name: {@code HOSTNAME} when set, else the local host's name, else {@code localhost}. */
    public static String hostName() {
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

    /** The process's start time in epoch milliseconds, to tell a reused pid from the owner; empty when unknown. */
    public static String startedOf(ProcessHandle process) {
        return process.info()
                .startInstant()
                .map(i -> Long.toString(i.toEpochMilli()))
                .orElse("");
    }

    /**
     * Whether the owner process {@code pid} of this machine, started at {@code started} ({@link #startedOf}; empty
     * when unknown), is gone: no live process has that pid, or a live one started at another time (the pid was
     * reused).
     */
    public static boolean gone(long pid, String started) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        return !started.isEmpty() && !started.equals(startedOf(process.get()));
    }
}
