package dev.slipway.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Parses a workflow file into a {@link Workflow}, following GitHub's workflow syntax. Every problem is reported as a
 * diagnostic with the position of the offending key or value; the workflow is returned only when there are no errors.
 */
public final class WorkflowParser {
    private static final Set<String> TOP = Set.of(
            "name",
            "description",
            "run-name",
            "on",
            "permissions",
            "env",
            "defaults",
            "concurrency",
            "cache-mode",
            "jobs");

    private WorkflowParser() {}

    /**
     * Parses {@code yaml}, the text of the file at {@code path} (used in diagnostics and as {@link Workflow#path()}).
     *
     * @return the workflow when it has no errors, and all diagnostics sorted by position
     */
    public static ParseResult<Workflow> parse(String path, String yaml) {
        Ctx ctx = new Ctx(path, yaml);
        Optional<Workflow> workflow = Yaml.compose(ctx, "workflow file")
                .flatMap(root -> Fields.of(ctx, root, "workflow"))
                .map(WorkflowParser::workflow);
        return new ParseResult<>(ctx.hasErrors() ? Optional.empty() : workflow, ctx.diagnostics());
    }

    private static Workflow workflow(Fields f) {
        Ctx ctx = f.ctx();
        f.allow("the workflow", TOP);
        Map<String, Trigger> on = Map.of();
        if (f.has("on")) {
            on = TriggerParser.parse(ctx, f.node("on").orElseThrow());
        } else {
            ctx.error(ctx.documentStart(), "the workflow has no 'on'");
        }
        Optional<TokenPermissions> permissions = f.node("permissions").flatMap(n -> Permissions.parse(ctx, n));
        f.string("description");
        // what the workflow's own keys may read, as GitHub's workflow schema says
        f.node("env").ifPresent(n -> ctx.restrict(n, "env", Expressions.WORKFLOW_ENV));
        f.node("run-name").ifPresent(n -> ctx.restrict(n, "run-name", Expressions.WORKFLOW_LEVEL));
        f.node("concurrency").ifPresent(n -> ctx.restrict(n, "concurrency", Expressions.WORKFLOW_LEVEL));
        Map<String, Job> jobs = jobs(f);
        Workflow workflow = new Workflow(
                ctx.path,
                f.string("name"),
                f.string("run-name"),
                on,
                f.stringMapOrExpression("env"),
                f.node("defaults").map(n -> ContainerParser.defaults(ctx, n)).orElse(Defaults.NONE),
                f.node("concurrency").flatMap(n -> ContainerParser.concurrency(ctx, n)),
                jobs,
                JobParser.cacheMode(f),
                permissions,
                ctx.documentStart());
        Expressions.check(ctx, f.node());
        return workflow;
    }

    private static Map<String, Job> jobs(Fields f) {
        Ctx ctx = f.ctx();
        Map<String, Job> jobs = new LinkedHashMap<>();
        Optional<Node> node = f.node("jobs");
        if (node.isEmpty()) {
            ctx.error(ctx.documentStart(), "the workflow has no 'jobs'");
            return jobs;
        }
        Optional<Fields> entries = Fields.of(ctx, node.get(), "jobs");
        if (entries.isEmpty()) {
            return jobs;
        }
        if (entries.get().tuples().isEmpty()) {
            ctx.error(node.get(), "'jobs' is empty");
        }
        Map<String, Optional<Node>> needs = new LinkedHashMap<>();
        for (NodeTuple t : entries.get().tuples()) {
            JobParser.parse(ctx, t).ifPresent(j -> jobs.put(j.id(), j));
            Optional<Node> need = Optional.empty();
            if (t.getValueNode() instanceof org.snakeyaml.engine.v2.nodes.MappingNode m) {
                need = m.getValue().stream()
                        .filter(e -> Nodes.key(e).equals("needs"))
                        .findFirst()
                        .map(NodeTuple::getValueNode);
            }
            needs.put(Nodes.key(t), need);
        }
        JobGraph.check(ctx, needs);
        return jobs;
    }
}
