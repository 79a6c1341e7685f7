package dev.slipway.runtime.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process to run for a step, fully resolved.
 *
 * @param name human-readable name for errors and process titles
 * @param command program and arguments, e.g. {@code [bash, --noprofile, --norc, -eo, pipefail, /tmp/x.sh]}
 * @param workingDirectory absolute directory to start in
 * @param env the complete environment of the process (nothing is inherited beyond it)
 */
public record StepSpec(String name, List<String> command, Path workingDirectory, Map<String, String> env) {
    public StepSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
