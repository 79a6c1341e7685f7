package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code on:}. Filters are empty {@link Optional}s when the key is absent (no filtering), and present but
 * possibly empty lists when written.
 *
 * @param event the event name, e.g. {@code push}, {@code pull_request}, {@code workflow_dispatch}
 * @param types activity types ({@code types:}), empty when absent
 * @param branches {@code branches:} patterns ({@code !} negates), or empty when absent
 * @param branchesIgnore {@code branches-ignore:} patterns
 * @param tags {@code tags:} patterns
 * @param tagsIgnore {@code tags-ignore:} patterns
 * @param paths {@code paths:} patterns
 * @param pathsIgnore {@code paths-ignore:} patterns
 * @param crons the {@code schedule:} entries, each with its position
 * @param inputs {@code workflow_dispatch} or {@code workflow_call} inputs
 * @param outputs {@code workflow_call} outputs
 * @param secrets {@code workflow_call} secrets
 * @param workflows {@code workflow_run} workflow names
 * @param span position of the event key
 */
public record Trigger(
        String event,
        List<String> types,
        Optional<List<String>> branches,
        Optional<List<String>> branchesIgnore,
        Optional<List<String>> tags,
        Optional<List<String>> tagsIgnore,
        Optional<List<String>> paths,
        Optional<List<String>> pathsIgnore,
        List<Cron> crons,
        Map<String, InputDef> inputs,
        Map<String, OutputDef> outputs,
        Map<String, SecretDef> secrets,
        List<String> workflows,
        SourceSpan span) {

    /** A trigger with no configuration, as in {@code on: push}. */
    public static Trigger bare(String event, SourceSpan span) {
        return new Trigger(
                event,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Map.of(),
                Map.of(),
                Map.of(),
                List.of(),
                span);
    }

    /** One {@code - cron: '...'} entry. */
    public record Cron(String expression, SourceSpan span) {}
}
