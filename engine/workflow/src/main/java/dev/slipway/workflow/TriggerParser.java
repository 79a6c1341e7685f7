package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads {@code on:} in all its forms: a string, a sequence of strings, or a mapping of events. */
final class TriggerParser {
    static final Set<String> EVENTS = Set.of(
            "branch_protection_rule",
            "check_run",
            "check_suite",
            "create",
            "delete",
            "deployment",
            "deployment_status",
            "discussion",
            "discussion_comment",
            "fork",
            "gollum",
            "image_version",
            "issue_comment",
            "issues",
            "label",
            "merge_group",
            "milestone",
            "page_build",
            "project",
            "project_card",
            "project_column",
            "public",
            "pull_request",
            "pull_request_review",
            "pull_request_review_comment",
            "pull_request_target",
            "push",
            "registry_package",
            "release",
            "repository_dispatch",
            "schedule",
            "status",
            "watch",
            "workflow_call",
            "workflow_dispatch",
            "workflow_run");
    private static final Set<String> PUSH =
            Set.of("branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore");
    private static final Set<String> PULL_REQUEST =
            Set.of("types", "branches", "branches-ignore", "paths", "paths-ignore");
    private static final Set<String> WORKFLOW_RUN = Set.of("types", "workflows", "branches", "branches-ignore");
    private static final Set<String> TYPES_ONLY = Set.of("types");

    private TriggerParser() {}

    static Map<String, Trigger> parse(Ctx ctx, Node on) {
        Map<String, Trigger> triggers = new LinkedHashMap<>();
        if (on instanceof ScalarNode s && !Nodes.isNull(s)) {
            bare(ctx, s, triggers);
        } else if (on instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s && !Nodes.isNull(s)) {
                    bare(ctx, s, triggers);
                } else {
                    ctx.error(item, "items of 'on' must be event names, got " + Nodes.kind(item));
                }
            }
        } else if (on instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String event = Nodes.key(t);
                if (known(ctx, t.getKeyNode(), event) && !triggers.containsKey(event)) {
                    configured(ctx, event, t).ifPresent(tr -> triggers.put(event, tr));
                }
            }
        } else {
            ctx.error(on, "'on' must be an event name, a sequence or a mapping, got " + Nodes.kind(on));
        }
        if (triggers.isEmpty() && !ctx.hasErrors()) {
            ctx.error(on, "'on' names no event");
        }
        return triggers;
    }

    private static void bare(Ctx ctx, ScalarNode s, Map<String, Trigger> triggers) {
        String event = Nodes.text(s);
        if (!known(ctx, s, event)) {
            return;
        }
        if (event.equals("schedule")) {
            ctx.error(s, "'schedule' needs a sequence of '- cron:' entries");
        } else if (triggers.putIfAbsent(event, Trigger.bare(event, ctx.span(s))) != null) {
            ctx.error(s, "duplicate event '" + event + "'");
        }
    }

    private static boolean known(Ctx ctx, Node node, String event) {
        if (EVENTS.contains(event)) {
            return true;
        }
        ctx.error(node, "unknown event '" + event + "'" + Suggest.hint(event, EVENTS));
        return false;
    }

    private static Optional<Trigger> configured(Ctx ctx, String event, NodeTuple t) {
        SourceSpan span = ctx.span(t.getKeyNode());
        Node value = t.getValueNode();
        if (event.equals("schedule")) {
            return Optional.of(schedule(ctx, value, span));
        }
        if (Nodes.isNull(value)) {
            return Optional.of(Trigger.bare(event, span));
        }
        return Fields.of(ctx, value, "on." + event).map(f -> {
            f.allow("'on." + event + "'", allowed(event));
            exclusive(f, "branches");
            exclusive(f, "tags");
            exclusive(f, "paths");
            Inputs.Declared declared = event.equals("workflow_dispatch") || event.equals("workflow_call")
                    ? Inputs.parse(f, event.equals("workflow_call"))
                    : Inputs.Declared.NONE;
            return new Trigger(
                    event,
                    f.stringList("types").orElse(List.of()),
                    f.stringList("branches"),
                    f.stringList("branches-ignore"),
                    f.stringList("tags"),
                    f.stringList("tags-ignore"),
                    f.stringList("paths"),
                    f.stringList("paths-ignore"),
                    List.of(),
                    declared.inputs(),
                    declared.outputs(),
                    declared.secrets(),
                    f.stringList("workflows").orElse(List.of()),
                    span);
        });
    }

    private static Set<String> allowed(String event) {
        return switch (event) {
            case "push" -> PUSH;
            case "pull_request", "pull_request_target" -> PULL_REQUEST;
            case "workflow_run" -> WORKFLOW_RUN;
            case "workflow_dispatch" -> Set.of("inputs");
            case "workflow_call" -> Set.of("inputs", "outputs", "secrets");
            case "image_version" -> Set.of("types", "names", "versions");
            default -> TYPES_ONLY;
        };
    }

    /** GitHub forbids a filter and its {@code -ignore} form for the same event. */
    private static void exclusive(Fields f, String filter) {
        if (f.has(filter) && f.has(filter + "-ignore")) {
            f.ctx()
                    .error(
                            f.keyNode(filter + "-ignore").orElseThrow(),
                            "'" + filter + "' and '" + filter + "-ignore' cannot be used together for the same event");
        }
    }

    private static Trigger schedule(Ctx ctx, Node value, SourceSpan span) {
        Trigger bare = Trigger.bare("schedule", span);
        if (!(value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            ctx.error(value, "'schedule' needs a sequence of '- cron:' entries, got " + Nodes.kind(value));
            return bare;
        }
        List<Trigger.Cron> crons = new java.util.ArrayList<>();
        for (Node item : seq.getValue()) {
            Fields.of(ctx, item, "schedule item").ifPresent(f -> {
                f.allow("a schedule entry", Set.of("cron"));
                Optional<String> cron = f.string("cron");
                if (cron.isEmpty()) {
                    ctx.error(f.span(), "schedule entry has no 'cron'");
                    return;
                }
                Node node = f.node("cron").orElseThrow();
                Crons.problem(cron.get())
                        .ifPresentOrElse(
                                p -> ctx.error(node, "invalid cron '" + cron.get() + "': " + p),
                                () -> crons.add(new Trigger.Cron(cron.get(), ctx.span(node))));
            });
        }
        return new Trigger(
                "schedule",
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                crons,
                Map.of(),
                Map.of(),
                Map.of(),
                List.of(),
                span);
    }
}
