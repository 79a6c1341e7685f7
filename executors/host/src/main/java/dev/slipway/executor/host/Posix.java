package dev.slipway.executor.host;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Optional;

/**
 * The few C library calls the host executor makes itself, through JNA's direct mapping: {@code posix_spawn} with
 * {@code POSIX_SPAWN_SETSID} (a step starts as the leader of its own session without the JDK's {@code jspawnhelper}
 * and the {@code setsid} program), {@code pipe2}, {@code waitpid} and {@code getsid}. See ADR 0008.
 *
 * <p>{@link #load()} binds them once; it is empty when the C library lacks one of them (glibc before 2.34 has no
 * {@code posix_spawn_file_actions_addclosefrom_np}) or JNA cannot load here, and the executor then starts steps
 * through {@link ProcessBuilder} and {@code setsid} as before.
 */
final class Posix {
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSID = 0x80;
    static final int EINTR = 4;
    static final int ECHILD = 10;
    /** Bytes reserved for {@code posix_spawn_file_actions_t} (80 on x86-64 glibc) and {@code posix_spawnattr_t} (336). */
    static final int SPAWN_STRUCT_BYTES = 512;
    /** Bytes reserved for {@code sigset_t} (128 on glibc). */
    static final int SIGSET_BYTES = 256;

    private static final String PLATFORM_PATH = "jna.platform.library.path";
    private static final Object LOCK = new Object();
    private static volatile Optional<Boolean> loaded = Optional.empty();

    private Posix() {}

    /** Binds the calls on first use; false when they are not available here. Never throws. */
    static boolean load() {
        Optional<Boolean> state = loaded;
        if (state.isPresent()) {
            return state.get();
        }
        synchronized (LOCK) {
            if (loaded.isEmpty()) {
                loaded = Optional.of(bind());
            }
            return loaded.get();
        }
    }

    /** Whether {@link #load()} has finished, with either result. */
    static boolean isBound() {
        return loaded.isPresent();
    }

    private static boolean bind() {
        if (!"Linux".equals(System.getProperty("os.name"))
                || "processbuilder".equalsIgnoreCase(System.getenv("SLIPWAY_HOST_SPAWN"))) {
            return false;
        }
        try {
            // Direct mapping binds every native method of this class; a missing symbol fails here, not later.
            Native.register(Posix.class, libc());
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /**
     * The C library, by its soname, which the dynamic linker finds by itself; by JNA's search only where there is no
     * {@code libc.so.6} (not glibc). JNA, when its {@code NativeLibrary} is first used, runs {@code ldconfig -p} to
     * learn the linker's directories for its own search, unless {@code jna.platform.library.path} is set: a process
     * start (through the JDK's {@code jspawnhelper}) and its output parsed on every start of {@code slipway}. This class
     * is the only user of JNA in Slipway, and a soname needs no search path, so the property is set empty when unset.
     */
    private static NativeLibrary libc() {
        if (System.getProperty(PLATFORM_PATH) == null) {
            System.setProperty(PLATFORM_PATH, "");
        }
        try {
            return NativeLibrary.getInstance("libc.so.6");
        } catch (UnsatisfiedLinkError e) {
            return NativeLibrary.getInstance("c"); // not glibc: let JNA search
        }
    }

    // The C calls. posix_spawn* return 0 or an errno value; those declaring LastErrorException throw it on -1.

    static native int posix_spawn(
            int[] pid, String path, Pointer fileActions, Pointer attributes, Pointer argv, Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer fileActions);

    static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    static native int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags, int mode);

    static native int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    static native int posix_spawnattr_init(Pointer attributes);

    static native int posix_spawnattr_setflags(Pointer attributes, short flags);

    static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer signals);

    static native int sigfillset(Pointer set);

    static native int sigemptyset(Pointer set);

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    /** The session id of {@code pid}; -1 when no such process exists (no exception: most probed pids are gone). */
    static native int getsid(int pid);

    static native String strerror(int errno);

    /** A zeroed block for a C structure of at most {@code bytes}. */
    static Memory block(int bytes) {
        Memory m = new Memory(bytes);
        m.clear();
        return m;
    }
}
