package dev.slipway.executor.host;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Kills the processes of step sessions. Each step runs as the leader of its own session, so its
 * session id is its pid; every process it starts stays in that session unless it calls {@code setsid} itself, and
 * those are caught as descendants while their parents live. Members are found with {@code getsid(2)} (or by reading
 * {@code /proc/<pid>/stat} where the C call is not available), which
 * also covers processes whose parent already died (reparented to init) and process groups made by job control.
 */
final class ProcessTree {
    private static final Path PROC = Path.of("/proc");
    private static final String LAST_PID = "/proc/sys/kernel/ns_last_pid";
    private static final int KILL_ROUNDS = 20;
    /** Up to this many pids handed out since a job began, each is asked with getsid instead of listing /proc. */
    private static final long PID_RANGE_LIMIT = 4096;

    private ProcessTree() {}

    /**
     * Sends SIGTERM to every live member of {@code sessions} and to {@code roots} with their descendants, waits up to
     * {@code grace} for them to end, then sends SIGKILL to whatever is left until nothing is.
     */
    static void kill(Set<Long> sessions, Collection<ProcessHandle> roots, Duration grace) {
        Set<ProcessHandle> targets = collect(sessions, roots);
        if (targets.isEmpty()) {
            return;
        }
        terminate(targets, sessions, roots);
        awaitEnd(sessions, targets, grace);
        for (int round = 0; round < KILL_ROUNDS; round++) {
            Set<ProcessHandle> left = collect(sessions, targets);
            if (left.isEmpty()) {
                return;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            targets.addAll(left);
            awaitEnd(sessions, left, Duration.ofMillis(100));
        }
    }

    /**
     * Sends SIGTERM to {@code targets}, the steps' shells (the roots, the sessions' leaders) first, as a signal to their
     * process group would reach them all at once: a shell that traps SIGTERM runs its trap while its children still
     * live. Children first let a shell's {@code wait} return when its child died and the script end before its own
     * signal came, so its trap never ran.
     */
    private static void terminate(Set<ProcessHandle> targets, Set<Long> sessions, Collection<ProcessHandle> roots) {
        Set<Long> first = new HashSet<>(sessions);
        roots.forEach(r -> first.add(r.pid()));
        for (ProcessHandle h : targets) {
            if (first.contains(h.pid())) {
                h.destroy();
            }
        }
        for (ProcessHandle h : targets) {
            if (!first.contains(h.pid())) {
                h.destroy();
            }
        }
    }

    /** Live processes of the sessions plus the roots and their descendants. */
    static Set<ProcessHandle> collect(Set<Long> sessions, Collection<ProcessHandle> roots) {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            if (isLive(root)) {
                // Descendants first: once a parent dies its children are reparented and no longer found this way.
                root.descendants().forEach(found::add);
                found.add(root);
            }
        }
        if (!sessions.isEmpty()) {
            for (long pid : sessionMembers(sessions)) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.descendants().forEach(found::add);
                    found.add(h);
                });
            }
        }
        found.removeIf(h -> !isLive(h));
        return found;
    }

    /**
     * Whether the process still runs. Unlike {@link ProcessHandle#isAlive()}, a zombie counts as ended: killed
     * orphans are reparented to init and stay zombies until init reaps them, which may take a while.
     */
    static boolean isLive(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        Stat stat = readStat(h.pid());
        return stat != null && stat.live();
    }

    /** Pids of live (not zombie) processes whose session id is one of {@code sessions}. */
    static List<Long> sessionMembers(Set<Long> sessions) {
        if (sessions.isEmpty()) {
            return new ArrayList<>();
        }
        // Members are created after their session's leader, so their pids are higher, unless pids wrapped around
        // since: skipping the older processes saves reading most of /proc on a busy machine.
        long floor = Long.MAX_VALUE;
        for (long session : sessions) {
            floor = Math.min(floor, session);
        }
        long last = lastPid();
        if (last < floor) {
            floor = 0;
        }
        return Posix.load() ? scanWithGetsid(sessions, floor, last) : scan(sessions, floor);
    }

    /**
     * {@link #sessionMembers} with {@code getsid(2)}: no file is read except {@code /proc/<pid>/stat} of the members
     * themselves, to leave out zombies. When few pids were handed out since {@code floor}, each of them is asked
     * directly (a job of short steps asks a few dozen); otherwise each process listed in {@code /proc} is.
     *
     * @param last the pid handed out last ({@code /proc/sys/kernel/ns_last_pid}), 0 when unknown
     */
    static List<Long> scanWithGetsid(Set<Long> sessions, long floor, long last) {
        List<Long> members = new ArrayList<>();
        if (floor > 0 && last >= floor && last - floor < PID_RANGE_LIMIT) {
            for (long pid = floor; pid <= last; pid++) {
                addIfMember(sessions, pid, members);
            }
        } else {
            listedPids(floor).forEach(pid -> addIfMember(sessions, pid, members));
        }
        return members;
    }

    private static void addIfMember(Set<Long> sessions, long pid, List<Long> members) {
        if (pid > Integer.MAX_VALUE || !sessions.contains((long) Posix.getsid((int) pid))) {
            return;
        }
        Stat stat = readStat(pid);
        if (stat != null && stat.live()) {
            members.add(pid);
        }
    }

    /** {@link #sessionMembers} by reading {@code /proc/<pid>/stat} of every process with a pid from {@code floor}. */
    static List<Long> scan(Set<Long> sessions, long floor) {
        List<Long> members = new ArrayList<>();
        for (long pid : listedPids(floor)) {
            Stat stat = readStat(pid);
            if (stat != null && sessions.contains(stat.session()) && stat.live()) {
                members.add(pid);
            }
        }
        return members;
    }

    /** The pids listed in {@code /proc} from {@code floor} on; empty without {@code /proc}. */
    private static List<Long> listedPids(long floor) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, ProcessTree::isPidDirectory)) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid >= floor) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            // No /proc: only roots and descendants can be found.
        }
        return pids;
    }

    /** The pid the kernel handed out last; 0 when unknown (then nothing is skipped). */
    static long lastPid() {
        // One read at offset 0: a sysctl file answers a read at a later offset with end of file, so Files.readString,
        // which reads one byte first, saw "9" of "9193" and every job's scan started from pid 0. A RandomAccessFile,
        // not a channel stream: every job asks, and the stream's channel cost four times as much.
        try (RandomAccessFile in = new RandomAccessFile(LAST_PID, "r")) {
            byte[] buf = new byte[32];
            int n = in.read(buf);
            return n <= 0 ? 0 : Long.parseLong(new String(buf, 0, n, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isPidDirectory(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private record Stat(char state, long session) {
        boolean live() {
            return state != 'Z' && state != 'X' && state != 'x';
        }
    }

    private static @org.jspecify.annotations.Nullable Stat readStat(long pid) {
        String text;
        try {
            text = new String(
                    Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat")), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null; // the process ended meanwhile
        }
        // "pid (comm) state ppid pgrp session ..."; comm may contain spaces and parentheses.
        int close = text.lastIndexOf(')');
        if (close < 0 || close + 2 >= text.length()) {
            return null;
        }
        String[] fields = text.substring(close + 2).split(" ", 5);
        if (fields.length < 4) {
            return null;
        }
        try {
            return new Stat(fields[0].charAt(0), Long.parseLong(fields[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Waits until the targets and the sessions are gone or the time is up; the destroy path is allowed to poll. */
    private static void awaitEnd(Set<Long> sessions, Set<ProcessHandle> targets, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = 1;
        while (System.nanoTime() - deadline < 0) {
            if (targets.stream().noneMatch(ProcessTree::isLive)
                    && (sessions.isEmpty() || sessionMembers(sessions).isEmpty())) {
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(pause * 2, 25);
        }
    }
}
