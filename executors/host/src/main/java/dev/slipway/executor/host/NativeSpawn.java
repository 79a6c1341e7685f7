package dev.slipway.executor.host;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a step with one {@code posix_spawn} from the JVM: the child becomes the leader of a new session
 * ({@code POSIX_SPAWN_SETSID}), gets {@code /dev/null} as standard input and one pipe as standard output and error,
 * changes to the working directory, closes every other descriptor, resets signal dispositions and the signal mask,
 * and execs the program with exactly the step's environment. One program start per step, where
 * {@link ProcessBuilder} costs the JDK's {@code jspawnhelper}, then {@code setsid}, then the program.
 *
 * <p>The JVM holds the only read end of the pipe from the start, so output that background children write after the
 * main process exited is still read; the output ends when the last process holding the pipe closes it. A platform
 * thread per running step waits for its exit with {@code waitpid}, which also reaps it.
 */
final class NativeSpawn {
    private static final ExecutorService REAPERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("slipway-reaper-", 0).factory());

    private static final AtomicBoolean BIND_STARTED = new AtomicBoolean();

    private NativeSpawn() {}

    /**
     * A started step.
     *
     * @param pid the leader's pid, which is also its session id
     * @param exit completes with the exit code, 128 + the signal when a signal ended it
     * @param output the merged standard output and error
     */
    record Started(long pid, CompletableFuture<Integer> exit, InputStream output) {}

    /** Whether steps can start this way here; binds the C calls on first use. */
    static boolean available() {
        return Posix.load();
    }

    /**
     * Binds the C calls on a thread of its own unless done already: it takes a moment (JNA loads its native library),
     * which then overlaps with reading and planning the workflow.
     */
    static void bindInBackground() {
        // once: `slipway run` asks before parsing and again when it makes the executor, often while the first binds
        if (!Posix.isBound() && BIND_STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("slipway-native-bind").start(Posix::load);
        }
    }

    /**
     * Starts {@code argv} (its first element an absolute program path) in {@code cwd} with exactly {@code env}.
     *
     * @throws IOException when it did not start; the message is the system's reason
     */
    static Started start(List<String> argv, Path cwd, Map<String, String> env) throws IOException {
        int[] pipe = new int[2];
        try {
            Posix.pipe2(pipe, Posix.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot create a pipe: " + Posix.strerror(e.getErrorCode()), e);
        }
        int readEnd = pipe[0];
        int writeEnd = pipe[1];
        int[] pid = new int[1];
        int error;
        try {
            error = spawn(pid, argv, cwd, env, writeEnd);
        } finally {
            closeQuietly(writeEnd);
        }
        if (error != 0) {
            closeQuietly(readEnd);
            throw new IOException(Posix.strerror(error));
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        REAPERS.execute(() -> exit.complete(await(pid[0])));
        InputStream output;
        try {
            // A descriptor of our own on the same pipe, as a Java stream; the raw one is closed right after.
            output = new FileInputStream("/proc/self/fd/" + readEnd);
        } catch (IOException e) {
            throw new Unreadable(pid[0], e);
        } finally {
            closeQuietly(readEnd);
        }
        return new Started(pid[0], exit, output);
    }

    private static int spawn(int[] pid, List<String> argv, Path cwd, Map<String, String> env, int output) {
        if (SpawnAttributes.ERROR != 0) {
            return SpawnAttributes.ERROR;
        }
        Memory actions = Posix.block(Posix.SPAWN_STRUCT_BYTES);
        int error = Posix.posix_spawn_file_actions_init(actions);
        if (error != 0) {
            return error;
        }
        try {
            error = firstError(
                    Posix.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", Posix.O_RDONLY, 0),
                    Posix.posix_spawn_file_actions_adddup2(actions, output, 1),
                    Posix.posix_spawn_file_actions_adddup2(actions, output, 2),
                    Posix.posix_spawn_file_actions_addchdir_np(actions, cwd.toString()),
                    Posix.posix_spawn_file_actions_addclosefrom_np(actions, 3));
            if (error != 0) {
                return error;
            }
            return Posix.posix_spawn(pid, argv.get(0), actions, SpawnAttributes.BLOCK, strings(argv), environment(env));
        } finally {
            Posix.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * The attributes of every spawn, the same for all, made once: a new session, every signal disposition reset and
     * an empty signal mask. {@code posix_spawn} only reads them, so all threads share them.
     */
    private static final class SpawnAttributes {
        static final Memory BLOCK = Posix.block(Posix.SPAWN_STRUCT_BYTES);
        /** 0, or the errno value that making them failed with (then no step can start natively). */
        static final int ERROR = init();

        private static int init() {
            int error = Posix.posix_spawnattr_init(BLOCK);
            if (error != 0) {
                return error;
            }
            Memory allSignals = Posix.block(Posix.SIGSET_BYTES);
            Memory noSignals = Posix.block(Posix.SIGSET_BYTES);
            Posix.sigfillset(allSignals);
            Posix.sigemptyset(noSignals);
            return firstError(
                    Posix.posix_spawnattr_setsigdefault(BLOCK, allSignals),
                    Posix.posix_spawnattr_setsigmask(BLOCK, noSignals),
                    Posix.posix_spawnattr_setflags(BLOCK, (short)
                            (Posix.POSIX_SPAWN_SETSID | Posix.POSIX_SPAWN_SETSIGDEF | Posix.POSIX_SPAWN_SETSIGMASK)));
        }
    }

    /** The first non-zero errno value of calls that were all made, or 0. */
    private static int firstError(int... results) {
        for (int r : results) {
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    /**
     * A C array of the strings (UTF-8, each ending with NUL) ending with a null pointer, in one block: JNA's
     * {@code StringArray} allocates a block per string, the largest Java part of a spawn in a profile.
     */
    static Memory strings(List<String> values) {
        byte[][] encoded = new byte[values.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return block(encoded, null);
    }

    /** The environment as a C array of {@code NAME=value} strings, like {@link #strings}. */
    static Memory environment(Map<String, String> env) {
        byte[][] names = new byte[env.size()][];
        byte[][] values = new byte[env.size()][];
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            values[i] = e.getValue().getBytes(StandardCharsets.UTF_8);
            i++;
        }
        return block(names, values);
    }

    /**
     * One block: the pointers, then each string ({@code firsts[i]}, then {@code '='} and {@code seconds[i]} when
     * {@code seconds} is given) with its NUL. The block is laid out in a Java array and copied to native memory with
     * one call: written piece by piece, a step's environment of 50 variables took some 250 calls into native code, each
     * with its own bounds check, while the code that makes a step's spawn runs interpreted in most runs.
     */
    private static Memory block(byte[][] firsts, byte @org.jspecify.annotations.Nullable [][] seconds) {
        int n = firsts.length;
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            bytes += firsts[i].length + 1 + (seconds == null ? 0 : seconds[i].length + 1);
        }
        int pointers = (n + 1) * Native.POINTER_SIZE;
        Memory block = new Memory((long) pointers + Math.max(bytes, 1));
        long base = Pointer.nativeValue(block);
        ByteBuffer layout = ByteBuffer.allocate(pointers + bytes).order(ByteOrder.nativeOrder());
        int at = pointers;
        for (int i = 0; i < n; i++) {
            putAddress(layout, i * Native.POINTER_SIZE, base + at);
            layout.put(at, firsts[i]);
            at += firsts[i].length;
            if (seconds != null) {
                layout.put(at++, (byte) '=');
                layout.put(at, seconds[i]);
                at += seconds[i].length;
            }
            layout.put(at++, (byte) 0);
        }
        putAddress(layout, n * Native.POINTER_SIZE, 0); // the array's closing null pointer
        block.write(0, layout.array(), 0, at);
        return block;
    }

    private static void putAddress(ByteBuffer layout, int offset, long address) {
        if (Native.POINTER_SIZE == 8) {
            layout.putLong(offset, address);
        } else {
            layout.putInt(offset, (int) address);
        }
    }

    /** Waits for the process to end and reaps it; its exit code, or 128 + the signal that ended it. */
    private static int await(int pid) {
        int[] status = new int[1];
        while (true) {
            try {
                Posix.waitpid(pid, status, 0);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Posix.EINTR) {
                    return 255; // ECHILD: reaped elsewhere, its status is lost
                }
            }
        }
        int s = status[0];
        int signal = s & 0x7f;
        return signal == 0 ? (s >> 8) & 0xff : 128 + signal;
    }

    private static void closeQuietly(int fd) {
        try {
            Posix.close(fd);
        } catch (LastErrorException e) {
            // nothing left to release
        }
    }

    /** The step started but its output cannot be read: the caller must kill it, and must not start it again. */
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
}
