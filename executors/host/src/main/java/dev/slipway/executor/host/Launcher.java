package dev.slipway.executor.host;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long-lived helper process ({@code launcher.pl}, run by {@code perl}) that starts steps: one {@code fork} and one
 * {@code exec} from a warm process, where {@link ProcessBuilder} costs the JVM's {@code jspawnhelper} exec, then the
 * {@code setsid} exec, then the step's program. The child calls {@code setsid()} itself, so a step still leads a
 * session of its own and {@link ProcessTree} kills it as before. Its standard output and error go to a FIFO that the
 * JVM reads, which is a pipe: output of background children keeps flowing, and the end of the output is the moment
 * the last process holding it closes it. The launcher reaps the step and reports its exit status.
 *
 * <p>One launcher serves the whole JVM; it is restarted when it died. When {@code perl} is missing, {@link #shared()}
 * is empty and the executor starts steps through {@link ProcessBuilder} and {@code setsid}.
 */
final class Launcher {
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final Object LOCK = new Object();
    private static volatile Optional<Launcher> shared = Optional.empty();
    private static volatile boolean unavailable;

    private final Process process;
    private final OutputStream requests;
    private final Path fifos;
    private final AtomicLong ids = new AtomicLong();
    /** FIFOs whose last output ended: nothing holds them, so a later step can use them (no file created). */
    private final Queue<Path> idle = new ConcurrentLinkedQueue<>();

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Optional<List<Long>>>> queries = new ConcurrentHashMap<>();
    private volatile boolean dead;

    /** A step as the launcher reported it: its pid once forked, its exit status once reaped. */
    private static final class Pending {
        final CompletableFuture<Long> pid = new CompletableFuture<>();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
    }

    /**
     * A started step: its pid (and session id), its exit status to come, and the read end of its output.
     *
     * @param fifo the FIFO of the output; hand it to {@link #release} once the output ended
     */
    record Started(long pid, CompletableFuture<Integer> exit, InputStream output, Path fifo) {}

    private Launcher(Process process, Path fifos) {
        this.process = process;
        this.requests = process.getOutputStream();
        this.fifos = fifos;
    }

    /** The launcher of this JVM, started on first use; empty when it cannot run here (no {@code perl}). */
    static Optional<Launcher> shared() {
        Optional<Launcher> current = shared;
        if (current.isPresent() && !current.get().dead) {
            return current;
        }
        if (unavailable) {
            return Optional.empty();
        }
        synchronized (LOCK) {
            current = shared;
            if (current.isPresent() && !current.get().dead) {
                return current;
            }
            try {
                shared = Optional.of(start());
            } catch (IOException | UncheckedIOException e) {
                unavailable = true;
                shared = Optional.empty();
            }
            return shared;
        }
    }

    /** The launcher of this JVM if it runs; never starts one. */
    static Optional<Launcher> running() {
        Optional<Launcher> current = shared;
        return current.isPresent() && !current.get().dead ? current : Optional.empty();
    }

    /** Starts the shared launcher in the background, so that its start-up overlaps the JVM's other work. */
    static void warmUp() {
        if (shared.isEmpty() && !unavailable) {
            Thread.ofVirtual().name("slipway-launcher-start").start(Launcher::shared);
        }
    }

    private static Launcher start() throws IOException {
        Optional<Path> perl = ProgramResolver.find("perl", System.getenv());
        if (perl.isEmpty()) {
            throw new IOException("perl is not installed");
        }
        String script;
        try (InputStream in = Launcher.class.getResourceAsStream("launcher.pl")) {
            if (in == null) {
                throw new IOException("launcher.pl is missing from the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path fifos = Files.createTempDirectory("slipway-steps-");
        Process p = new ProcessBuilder(perl.get().toString(), "-e", script, fifos.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Launcher launcher = new Launcher(p, fifos);
        Thread.ofPlatform().daemon().name("slipway-launcher-replies").start(launcher::readReplies);
        return launcher;
    }

    /**
     * Starts {@code argv} (its first element an absolute program path) in {@code cwd} with exactly {@code env}.
     *
     * @throws IOException when the launcher cannot start it
     */
    Started start(List<String> argv, Path cwd, Map<String, String> env) throws IOException {
        long id = ids.incrementAndGet();
        Path reused = idle.poll();
        Path fifo = reused != null ? reused : fifos.resolve(Long.toString(id));
        Pending p = new Pending();
        pending.put(id, p);
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(1024);
            field(payload, fifo.toString());
            field(payload, cwd.toString());
            field(payload, Integer.toString(argv.size()));
            argv.forEach(a -> field(payload, a));
            env.forEach((k, v) -> field(payload, k + "=" + v));
            byte[] body = payload.toByteArray();
            byte[] header = ("S " + id + " " + (body.length - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
            synchronized (requests) {
                requests.write(header);
                requests.write(body, 0, body.length - 1); // without the last separator
                requests.flush();
            }
            long pid = p.pid.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            InputStream output;
            try {
                // The launcher holds the FIFO open from both sides, so this open does not wait.
                output = new FileInputStream(fifo.toFile());
            } catch (IOException e) {
                throw new Unreadable(pid, e);
            }
            try {
                send("O " + id + "\n");
            } catch (IOException e) {
                // the launcher ended: its end of the FIFO closed with it
            }
            return new Started(pid, p.exit, output, fifo);
        } catch (ExecutionException e) {
            pending.remove(id);
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            pending.remove(id);
            throw new Unanswered("the step launcher did not answer in " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(id);
            throw new Unanswered("interrupted while starting the step", e);
        } catch (IOException e) {
            pending.remove(id);
            throw e;
        }
    }

    /**
     * The live (not zombie) processes with a pid of at least {@code floor} whose session is one of {@code sessions},
     * found with {@code getsid(2)}: much cheaper than reading {@code /proc/<pid>/stat} of every process. Empty when
     * the launcher cannot tell (unknown architecture, no {@code /proc}, the launcher ended).
     */
    Optional<List<Long>> sessionMembers(Set<Long> sessions, long floor) {
        long id = ids.incrementAndGet();
        CompletableFuture<Optional<List<Long>>> answer = new CompletableFuture<>();
        queries.put(id, answer);
        try {
            StringBuilder q =
                    new StringBuilder("Q ").append(id).append(' ').append(floor).append(' ');
            String sep = "";
            for (long s : sessions) {
                q.append(sep).append(s);
                sep = ",";
            }
            send(q.append('\n').toString());
            return answer.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            queries.remove(id);
        }
    }

    /**
     * Takes back the FIFO of a step whose output was read: when it was read to its end, no process holds the FIFO
     * any more and it serves a later step; otherwise (the step was destroyed) a stray process may still hold it, so it
     * is removed.
     */
    void release(Path fifo, boolean readToEnd) {
        if (readToEnd && !dead) {
            idle.add(fifo);
            return;
        }
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            // the launcher removes its directory when it ends
        }
    }

    /**
     * The step started but its output cannot be read: the caller must kill it, and must not start it another way.
     * Other {@link IOException}s of {@link #start}, except {@link Unanswered}, mean that the step did not start.
     */
    static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;
        private final long pid;

        Unreadable(long pid, IOException cause) {
            super("cannot read the output of process " + pid + ": " + cause.getMessage(), cause);
            this.pid = pid;
        }

        long pid() {
            return pid;
        }
    }

    /** No answer came: the step may have started, so it must not be started another way. */
    static final class Unanswered extends IOException {
        private static final long serialVersionUID = 1L;

        Unanswered(String message, Exception cause) {
            super(message, cause);
        }
    }

    private static void field(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private void send(String line) throws IOException {
        synchronized (requests) {
            requests.write(line.getBytes(StandardCharsets.US_ASCII));
            requests.flush();
        }
    }

    private void readReplies() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                reply(line);
            }
        } catch (IOException e) {
            // the launcher ended; handled below
        } finally {
            died();
        }
    }

    private void reply(String line) {
        if (line.startsWith("Q ")) {
            answer(line.split(" "));
            return;
        }
        String[] parts = line.split(" ", 3);
        if (parts.length < 3) {
            return;
        }
        long id = Long.parseLong(parts[1]);
        Pending p = pending.get(id);
        if (p == null) {
            return;
        }
        switch (parts[0]) {
            case "P" -> p.pid.complete(Long.parseLong(parts[2]));
            case "E" -> {
                pending.remove(id);
                p.pid.completeExceptionally(new IOException(parts[2]));
            }
            case "X" -> {
                pending.remove(id);
                p.exit.complete(Integer.parseInt(parts[2]));
            }
            default -> {}
        }
    }

    private void answer(String[] parts) {
        CompletableFuture<Optional<List<Long>>> answer = queries.get(Long.parseLong(parts[1]));
        if (answer == null) {
            return;
        }
        if (parts.length == 3 && parts[2].equals("?")) {
            answer.complete(Optional.empty());
            return;
        }
        List<Long> pids = new ArrayList<>(parts.length - 2);
        for (int i = 2; i < parts.length; i++) {
            pids.add(Long.parseLong(parts[i]));
        }
        answer.complete(Optional.of(pids));
    }

    /**
     * The launcher ended (killed from outside): steps it started keep running, but their exit status is lost, so each
     * is reported as 255 when its process ends. The next step starts a new launcher.
     */
    private void died() {
        dead = true;
        process.destroy();
        for (Pending p : pending.values()) {
            p.pid.completeExceptionally(new IOException("the step launcher ended"));
            if (p.pid.isDone() && !p.pid.isCompletedExceptionally()) {
                long pid = p.pid.join();
                ProcessHandle.of(pid)
                        .map(ProcessHandle::onExit)
                        .orElse(CompletableFuture.completedFuture(null))
                        .thenRun(() -> p.exit.complete(255));
            }
        }
        pending.clear();
        queries.values().forEach(q -> q.complete(Optional.empty()));
        // A killed launcher could not remove its FIFOs; processes holding one keep it open without its name.
        try (var names = Files.newDirectoryStream(fifos)) {
            for (Path fifo : names) {
                Files.deleteIfExists(fifo);
            }
            Files.deleteIfExists(fifos);
        } catch (IOException e) {
            // the directory is in the temporary directory
        }
    }
}
