package dev.slipway.cli;

import dev.slipway.testing.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the slipway command in this JVM with captured output; tests using it run one at a time. */
final class Cli {
    private Cli() {}

    /** What a command printed and returned. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static synchronized Result run(Path state, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String oldHome = System.getProperty("slipway.home");
        System.setProperty("slipway.home", state.toString());
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            if (oldHome == null) {
                System.clearProperty("slipway.home");
            } else {
                System.setProperty("slipway.home", oldHome);
            }
        }
    }

    /**
     * The command line of {@code slipway ARGS} in a JVM of its own, with this test's class path and the native access
     * that the jar's manifest grants (JNA), so the child prints no warning the jar would not.
     */
    static List<String> inNewJvm(String... args) {
        return inNewJvm(Main.class, args);
    }

    /** Like {@link #inNewJvm(String...)}, with {@code main} in place of {@link Main} (a test's own entry point). */
    static List<String> inNewJvm(Class<?> main, String... args) {
        return inNewJvm(List.of(), main, args);
    }

    /** Like {@link #inNewJvm(Class, String...)}, with {@code jvmOptions} (system properties, logging) added. */
    /**
     * {@code slipway run ARGS} in repository {@code repo} with state directory {@code state}, in a JVM of its own,
     * uncoloured, its stderr joined to its stdout.
     */
    static Process runInNewJvm(Path state, Path repo, String... args) throws IOException {
        return runInNewJvm(state, repo, java.util.Map.of(), args);
    }

    /** Like {@link #runInNewJvm(Path, Path, String...)}, with {@code env} added to the child's environment. */
    static Process runInNewJvm(Path state, Path repo, java.util.Map<String, String> env, String... args)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of("run", "-C", repo.toString(), "--color", "never"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(
                        inNewJvm(List.of("-Dslipway.home=" + state), Main.class, argv.toArray(String[]::new)))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    static List<String> inNewJvm(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A port of 127.0.0.1 that nothing listens on now. */
    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code slipway run -C repo --color never ARGS}. */
    static Result runIn(TestRepo repo, Path state, String... args) {
        List<String> all = new ArrayList<>(List.of("run", "-C", repo.dir().toString(), "--color", "never"));
        all.addAll(List.of(args));
        return run(state, all.toArray(String[]::new));
    }
}
