package dev.slipway.server.web;

import java.util.List;
import java.util.Optional;

/** What the actions templates show (see {@link Model} for the conventions: raw text, except {@code ...Html}). */
public final class RunModel {
    private RunModel() {}

    /** A filter option of the runs list: shown as {@code label}, sent as {@code value}. */
    public record Option(String value, String label, boolean selected) {}

    /** A workflow in the runs list's sidebar; {@code dispatchHref} is empty unless it has workflow_dispatch. */
    public record WorkflowLink(
            String name, String file, String href, boolean selected, String dispatchHref, boolean disabled) {}

    /**
     * The workflow the runs list shows: its badge (the image's address and the Markdown for a README), whether it is
     * disabled, and the form that disables or enables it ({@code stateHref} empty when the visitor may not).
     */
    public record SelectedWorkflow(String badgeUrl, String badgeMarkdown, boolean disabled, String stateHref) {}

    public record RunsView(
            String fullName,
            List<Model.RunRow> runs,
            long total,
            List<WorkflowLink> workflows,
            List<Option> events,
            List<Option> statuses,
            String branch,
            String actor,
            String workflow,
            Optional<SelectedWorkflow> selectedWorkflow,
            boolean filtered,
            Optional<String> previousHref,
            Optional<String> nextHref,
            int page,
            int pages) {}

    /** A job box of the graph; {@code needs} are the ids of the boxes it waits for. */
    public record Node(String id, String name, String state, String stateLabel, String duration, String href) {}

    /** One box of a stage: a lone job, or a matrix job's rows folded under its id. */
    public record Group(
            String id,
            String name,
            String state,
            String stateLabel,
            List<String> needs,
            List<Node> jobs,
            boolean matrix) {}

    public record Column(int number, List<Group> groups) {}

    public record ArtifactRow(String name, String size, String href, String expires, boolean expired) {}

    public record RunView(
            String fullName,
            Model.RunRow run,
            List<Column> graph,
            List<ArtifactRow> artifacts,
            boolean live,
            String fragmentUrl,
            String eventsUrl,
            boolean canWrite,
            boolean canCancel,
            boolean canRerun,
            String attempt,
            List<Summary> summaries,
            List<EnvironmentModel.Pending> pending) {}

    /** A job's step summary, rendered from its Markdown (raw HTML escaped). */
    public record Summary(String job, String html) {}

    public record JobView(
            String fullName,
            Model.RunRow run,
            Model.JobRow job,
            String logHtml,
            boolean live,
            String streamUrl,
            String rawHref,
            List<StepRow> steps) {}

    public record StepRow(int number, String name, String state, String duration) {}

    /** One field of the dispatch form; {@code type} is string, boolean, number, choice or environment. */
    public record InputField(
            String name,
            String label,
            String description,
            String type,
            boolean required,
            String value,
            boolean checked,
            List<String> options) {}

    public record DispatchView(
            String fullName,
            String file,
            String workflowName,
            List<Option> refs,
            List<InputField> inputs,
            String error,
            String action) {}
}
