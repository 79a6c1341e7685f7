package dev.slipway.runtime.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process to run for a step, fully resolved.
 *
 * @param name human-readable name for errors and process titles
 * @param command program and arguments, e.g. {@code [bash, --noprofile, --norc, -eo, pipefail, /tmp/x.sh]}
 * @param workingDirectory absolute directory to start in
 * @param env the complete environment of the process (nothing is inherited beyond it)
 * @param container when present, the step runs in a container of its own (a Docker action): {@code command} is then
 *     the container's arguments
 */
public record StepSpec(
        String name,
        List<String> command,
        Path workingDirectory,
        Map<String, String> env,
        Optional<StepContainer> container) {
    public StepSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /** A step run as a process of the job (host or job container). */
    public StepSpec(String name, List<String> command, Path workingDirectory, Map<String, String> env) {
        this(name, command, workingDirectory, env, Optional.empty());
    }

    /**
     * A step that runs its own container, as Docker actions do.
     *
     * @param image the image to run (built beforehand with {@link Executor#buildImage} when from a Dockerfile)
     * @param entrypoint overrides the image's entrypoint when present
     */
    public record StepContainer(String image, Optional<String> entrypoint) {}
}
