package dev.slipway.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runtime.spi.StepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec'd commands, run by this machine's {@code sh} as the job container's shell would run them. */
class StepExecTest {
    @TempDir
    Path dir;

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out + "exit=" + p.exitValue();
    }

    /** Killed, but maybe not yet reaped by this sandbox's pid 1. */
    private static boolean goneOrZombie(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void variablesWhoseNamesAShellRefusesReachTheProgram() throws Exception {
        Path env = StepExec.envFile(dir, 3);
        StepExec.writeEnv(env, Map.of("INPUT_MY-INPUT", "dash"));

        String out = run(StepExec.command(new StepSpec("s", List.of("env"), dir, Map.of()), env));

        assertThat(out).contains("\nINPUT_MY-INPUT=dash\n").endsWith("exit=0");
    }

    @Test
    void theWrapperAppliesTheEnvironmentAndWorkingDirectoryMergesStderrAndKeepsTheExitCode() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work dir"));
        Path env = StepExec.envFile(dir, 1);
        StepExec.writeEnv(env, Map.of("GREETING", "it's \"quoted\"\nover two lines"));
        StepSpec step = new StepSpec(
                "s", List.of("sh", "-c", "echo \"$GREETING\"; pwd; echo oops >&2; exit 7"), work, Map.of());

        String out = run(StepExec.command(step, env));

        assertThat(out).matches("(?s)" + KubeStep.PID_MARKER + "\\d+\n.*");
        assertThat(out.substring(out.indexOf('\n') + 1))
                .isEqualTo("it's \"quoted\"\nover two lines\n" + work + "\noops\nexit=7");
        assertThat(env).doesNotExist(); // secrets do not stay in the pod's runner temp
    }

    @Test
    void aMissingWorkingDirectoryFailsTheStep() throws Exception {
        Path env = StepExec.envFile(dir, 2);
        StepExec.writeEnv(env, Map.of());
        StepSpec step = new StepSpec("s", List.of("true"), dir.resolve("missing"), Map.of());

        assertThat(run(StepExec.command(step, env))).endsWith("exit=1").contains("missing");
    }

    @Test
    void theKillScriptKillsTheWholeProcessTree() throws Exception {
        Path marker = dir.resolve("survived");
        Process tree =
                new ProcessBuilder("sh", "-c", "(sleep 2; touch '" + marker + "') & sh -c 'sleep 300' & wait").start();
        Thread.sleep(300);
        List<ProcessHandle> descendants = tree.descendants().toList();
        assertThat(descendants).isNotEmpty();

        assertThat(run(StepExec.kill(tree.pid()))).isEqualTo("exit=0");

        assertThat(tree.waitFor(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        assertThat(descendants).allMatch(StepExecTest::goneOrZombie);
        Thread.sleep(2_000);
        assertThat(marker).doesNotExist();
    }
}
