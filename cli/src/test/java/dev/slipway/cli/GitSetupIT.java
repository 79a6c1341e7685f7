package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestRepo;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.internal.storage.file.LockFile;
import org.eclipse.jgit.internal.util.ShutdownHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the CLI sets JGit up, checked in JVMs of their own: what a run loads, and what JGit still cleans at exit. */
class GitSetupIT {
    @TempDir
    Path tmp;

    @Test
    void aRunDoesNotLoadJGitsMessageBundle() throws Exception {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.file(".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo hello
                """).commit("one step");
        Path log = tmp.resolve("init.log");
        Result r = java(
                List.of("-Xlog:class+init=info:file=" + log),
                Main.class,
                "run",
                "-C",
                repo.dir().toString(),
                "--color",
                "never");
        assertThat(r.exit).as(r.out).isZero();
        String inits = Files.readString(log);
        assertThat(inits).as("JGit was used").contains("org/eclipse/jgit/lib/Repository");
        assertThat(inits).doesNotContain("org/eclipse/jgit/internal/JGitText");
    }

    @Test
    void jgitStillDeletesItsLockFilesAtExit() throws Exception {
        Path file = tmp.resolve("packed-refs");
        Result r = java(List.of(), HoldLock.class, file.toString());
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("held " + file + ".lock");
        assertThat(tmp.resolve("packed-refs.lock")).doesNotExist();
    }

    @Test
    void theExitCleanupNotifiesJGitsListeners() {
        List<String> notified = new ArrayList<>();
        ShutdownHook.Listener listener = () -> notified.add("notified");
        assertThat(ShutdownHook.INSTANCE.register(listener)).isTrue();
        try {
            Field listeners = GitSetup.listenersField();
            assertThat(listeners).isNotNull();
            assertThat(GitSetup.runJGitCleanup(listeners)).isPositive();
        } finally {
            ShutdownHook.INSTANCE.unregister(listener);
        }
        assertThat(notified).containsExactly("notified");
    }

    /** Takes a JGit lock file and exits holding it, the way a command ends on a signal in the middle of a write. */
    static final class HoldLock {
        private HoldLock() {}

        public static void main(String[] args) throws IOException {
            GitSetup.cleanupOnExit();
            LockFile lock = new LockFile(Path.of(args[0]).toFile());
            Path taken = Path.of(args[0] + ".lock");
            if (lock.lock() && Files.exists(taken)) {
                System.out.println("held " + taken);
            }
            System.exit(0);
        }
    }

    private record Result(int exit, String out) {}

    private Result java(List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dslipway.home=" + tmp.resolve("state"));
        List<String> command = Cli.inNewJvm(options, main, args);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
