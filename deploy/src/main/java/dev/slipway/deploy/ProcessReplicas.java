package dev.slipway.deploy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replicas as processes on this machine ({@link Workload.Process}): the command runs in the release's directory with
 * {@code PORT} set to a free port and the release's environment, its output going to a log file per replica. Stopping
 * sends SIGTERM to the process and its descendants, SIGKILL after the grace period. Processes end with the server, so
 * {@link #adopt} finds none.
 */
public final class ProcessReplicas implements ReplicaRuntime {
    private static final int TAIL_BYTES = 8192;

    private record Running(Process process, Path log) {}

    private final Path logs;
    private final ConcurrentMap<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private ProcessReplicas(Path logs) {
        this.logs = logs;
    }

    /** Replicas whose output goes to files under {@code logDirectory} (one directory per service). */
    public static ProcessReplicas create(Path logDirectory) throws IOException {
        return new ProcessReplicas(Files.createDirectories(logDirectory));
    }

    @Override
    public Replica start(String service, Release release, int ordinal) throws IOException {
        if (!(release.workload() instanceof Workload.Process workload)) {
            throw new IOException(release.version() + " is a container image; this runtime runs processes only");
        }
        if (workload.command().isEmpty()) {
            throw new IOException(release.version() + " has no command to run");
        }
        int port = freePort();
        String name = "r" + release.revision() + "-" + ordinal + "-" + sequence.incrementAndGet();
        Path log = Files.createDirectories(logs.resolve(fileName(service))).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(workload.command())
                .directory(workload.directory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(release.env());
        builder.environment().put("PORT", Integer.toString(port));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot run " + workload.command().get(0) + " in " + workload.directory() + ": " + Words.reason(e),
                    e);
        }
        Replica replica =
                new Replica(service + "/" + name, service, release.revision(), URI.create("http://127.0.0.1:" + port));
        running.put(replica.id(), new Running(process, log));
        return replica;
    }

    @Override
    public boolean alive(Replica replica) {
        Running r = running.get(replica.id());
        return r != null && r.process().isAlive();
    }

    @Override
    public void stop(Replica replica, Duration grace) {
        Running r = running.remove(replica.id());
        if (r == null) {
            return;
        }
        // The tree is read before the signal: once the parent is gone, its children are no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(r.process().toHandle());
        r.process().descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!awaitExit(tree, grace)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                awaitExit(tree, Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every process of {@code tree} ended within {@code limit}. */
    private static boolean awaitExit(List<ProcessHandle> tree, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                // onExit does not fail; a handle that cannot be watched is left to the kill
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Replica> adopt(String service) {
        return List.of();
    }

    @Override
    public String exitDescription(Replica replica) {
        Running r = running.get(replica.id());
        if (r == null) {
            return "was stopped";
        }
        if (r.process().isAlive()) {
            return "is running";
        }
        return "exited with code " + r.process().exitValue()
                + tail(replica, 1).stream().findFirst().map(line -> ": " + line).orElse("");
    }

    /** The replica's log file, while this runtime knows the replica. */
    public Optional<Path> log(Replica replica) {
        return Optional.ofNullable(running.get(replica.id())).map(Running::log);
    }

    /** The last (at most {@code lines}) non-blank lines the replica wrote, oldest first. */
    public List<String> tail(Replica replica, int lines) {
        Optional<Path> log = log(replica);
        if (log.isEmpty()) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.get().toFile(), "r")) {
            long from = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String fileName(String service) {
        return service.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
