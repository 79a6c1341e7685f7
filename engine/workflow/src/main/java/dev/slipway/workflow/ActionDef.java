package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code action.yml}: GitHub's metadata syntax for actions.
 *
 * @param name the action's {@code name:}
 * @param inputs the declared inputs in file order
 * @param outputs the declared outputs in file order
 * @param runs how the action runs: composite steps, a Node.js script or a Docker container
 * @param span where the document starts
 */
public record ActionDef(
        String name,
        Optional<String> description,
        Map<String, ActionInput> inputs,
        Map<String, ActionOutput> outputs,
        Runs runs,
        SourceSpan span) {}
