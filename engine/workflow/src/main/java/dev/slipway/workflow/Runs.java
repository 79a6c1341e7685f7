package dev.slipway.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code runs:} of an action: how it executes. */
public sealed interface Runs {

    /** {@code using: composite}: steps run in the caller's job; each {@code run} step has a {@code shell}. */
    record Composite(List<Step> steps) implements Runs {
        public Composite {
            steps = List.copyOf(steps);
        }
    }

    /**
     * {@code using: node12|node16|node20|node24}: a JavaScript entry point, with optional pre and post scripts.
     *
     * @param using the runtime as written, e.g. {@code node20}
     * @param main path of the main script, relative to the action's directory
     * @param preIf condition of the pre script, as written
     * @param postIf condition of the post script, as written (GitHub's default is {@code always()})
     */
    record Node(
            String using,
            String main,
            Optional<String> pre,
            Optional<String> post,
            Optional<String> preIf,
            Optional<String> postIf)
            implements Runs {}

    /**
     * {@code using: docker}: a container built from a Dockerfile or pulled as {@code docker://image}.
     *
     * @param image {@code Dockerfile}, a path to one, or {@code docker://image}
     * @param args the container arguments (templates)
     * @param env environment of the container (templates)
     */
    record Docker(
            String image,
            Optional<String> entrypoint,
            List<String> args,
            Map<String, String> env,
            Optional<String> preEntrypoint,
            Optional<String> postEntrypoint,
            Optional<String> preIf,
            Optional<String> postIf)
            implements Runs {
        public Docker {
            args = List.copyOf(args);
            env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        }
    }
}
