package dev.slipway.executor.kubernetes;

import dev.slipway.common.FileTrees;
import dev.slipway.runtime.spi.StepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commands exec'd in the job container. An exec has neither environment nor working directory, and its URL (the
 * command) lands in the API server's audit log, so a step's environment travels as a file in runner temp, copied in
 * with it: the wrapper sources it (it puts {@code env -- K=V ...} before the command), removes it, enters the working
 * directory, prints its pid for a kill and runs the command with stderr merged into stdout.
 */
final class StepExec {
    static final String WRAPPER = "exec 2>&1; f=$1; d=$2; shift 2; echo \"" + KubeStep.PID_MARKER + "$$\";"
            + " if [ -f \"$f\" ]; then . \"$f\"; rm -f \"$f\"; fi; cd \"$d\" || exit 1; exec \"$@\"";

    /**
     * Stops the process tree of pid {@code $1} (children found through {@code /proc/<pid>/stat}, each stopped as found
     * so none can fork meanwhile), then kills it.
     */
    static final String KILL = """
            tree=" $1 "; kill -STOP "$1" 2>/dev/null; more=1
            while [ "$more" = 1 ]; do
              more=0
              for stat in /proc/[0-9]*/stat; do
                read -r line < "$stat" 2>/dev/null || continue
                pid=${line%% *}; rest=${line##*) }
                set -- $rest
                case "$tree" in *" $pid "*) continue ;; esac
                case "$tree" in *" $2 "*) kill -STOP "$pid" 2>/dev/null; tree="$tree$pid "; more=1 ;; esac
              done
            done
            kill -9 $tree 2>/dev/null; exit 0
            """;

    private StepExec() {}

    /** The file in runner temp that carries step {@code n}'s environment. */
    static Path envFile(Path runnerTemp, int n) {
        return runnerTemp.resolve(".slipway-k8s-env-" + n);
    }

    /** Writes {@code env} as the script the wrapper sources, readable by its owner only. */
    static void writeEnv(Path file, Map<String, String> env) throws IOException {
        StringBuilder s = new StringBuilder("set -- env --");
        env.forEach((k, v) -> s.append(" \\\n  ").append(quote(k + "=" + v)));
        s.append(" \"$@\"\n");
        FileTrees.overwrite(file, s.toString().getBytes(StandardCharsets.UTF_8));
        try {
            java.nio.file.Files.setPosixFilePermissions(
                    file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the runner temp directory is the runtime's and private already
        }
    }

    /** The exec's command: the wrapper, then the env file, the working directory and the step's command. */
    static List<String> command(StepSpec step, Path envFile) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", WRAPPER, "sh"));
        cmd.add(envFile.toString());
        cmd.add(step.workingDirectory().toString());
        cmd.addAll(step.command());
        return cmd;
    }

    static List<String> kill(long pid) {
        return List.of("sh", "-c", KILL, "sh", Long.toString(pid));
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
