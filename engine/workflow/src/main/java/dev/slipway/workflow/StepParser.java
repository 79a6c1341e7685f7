package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code steps:} of a job or of a composite action. */
final class StepParser {
    static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern USES =
            Pattern.compile("\\./.*|\\.\\./.*|\\$/.*|docker://.+|[^/@\\s]+/[^/@\\s]+(/[^@\\s]*)?@[^@\\s]+");
    private static final Set<String> JOB_STEP_KEYS = Set.of(
            "id",
            "if",
            "name",
            "uses",
            "run",
            "working-directory",
            "shell",
            "with",
            "env",
            "continue-on-error",
            "timeout-minutes");
    private static final Set<String> COMPOSITE_STEP_KEYS =
            Set.of("id", "if", "name", "uses", "run", "working-directory", "shell", "with", "env", "continue-on-error");

    private StepParser() {}

    /** The steps of {@code node}; {@code composite} applies the composite action rules. */
    static List<Step> parse(Ctx ctx, Node node, boolean composite) {
        List<Step> steps = new ArrayList<>();
        if (Nodes.isNull(node)) {
            return steps;
        }
        if (!(node instanceof org.snakeyaml.engine.v2.nodes.SequenceNode)) {
            ctx.error(node, "'steps' must be a sequence, got " + Nodes.kind(node));
            return steps;
        }
        Map<String, SourceSpan> ids = new HashMap<>();
        List<Node> items = Nodes.items(node);
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            Fields.of(ctx, items.get(i), "steps[" + i + "]")
                    .flatMap(f -> step(f, index, composite, ids))
                    .ifPresent(steps::add);
        }
        return steps;
    }

    private static Optional<Step> step(Fields f, int index, boolean composite, Map<String, SourceSpan> ids) {
        Ctx ctx = f.ctx();
        f.allow(composite ? "a composite action step" : "a step", composite ? COMPOSITE_STEP_KEYS : JOB_STEP_KEYS);
        Optional<String> id = f.string("id");
        id.ifPresent(i -> checkId(f, i, ids));
        f.node("if").ifPresent(ctx::condition);
        Optional<String> run = f.string("run");
        // a block scalar ("uses: |") leaves a final newline, which GitHub does not count
        Optional<String> uses = f.string("uses").map(String::strip);
        if (!f.has("run") && !f.has("uses")) {
            ctx.error(f.span(), "a step must have either 'run' or 'uses'");
        } else if (f.has("run") && f.has("uses")) {
            ctx.error(f.keyNode("uses").orElseThrow(), "a step cannot have both 'run' and 'uses'");
        }
        uses.ifPresent(u -> checkUses(f, u));
        if (f.has("run")) {
            f.keyNode("with").ifPresent(k -> ctx.error(k, "'with' is only allowed on a 'uses' step"));
            if (composite && !f.has("shell")) {
                ctx.error(f.keyNode("run").orElseThrow(), "a 'run' step of a composite action requires 'shell'");
            }
        } else if (f.has("uses")) {
            f.keyNode("shell").ifPresent(k -> ctx.error(k, "'shell' is only allowed on a 'run' step"));
        }
        Step step = new Step(
                index,
                id,
                f.string("name"),
                f.string("if"),
                run,
                uses,
                f.stringMapOrExpression("with"),
                f.stringMapOrExpression("env"),
                f.string("shell"),
                f.string("working-directory"),
                f.boolOrExpr("continue-on-error", Value.FALSE),
                f.numberOrExpr("timeout-minutes"),
                f.span(),
                f.spans());
        return Optional.of(step);
    }

    private static void checkId(Fields f, String id, Map<String, SourceSpan> ids) {
        Node node = f.node("id").orElseThrow();
        if (!ID.matcher(id).matches()) {
            f.ctx()
                    .error(
                            node,
                            "invalid step id '" + id + "': it must start with a letter or '_' and contain only"
                                    + " letters, digits, '-' and '_'");
        }
        SourceSpan here = f.ctx().span(node);
        SourceSpan first = ids.putIfAbsent(id, here);
        if (first != null) {
            f.ctx().error(node, "duplicate step id '" + id + "' (first used at line " + first.line() + ")");
        }
    }

    private static void checkUses(Fields f, String uses) {
        if (!USES.matcher(uses).matches()) {
            f.ctx()
                    .error(
                            f.node("uses").orElseThrow(),
                            "invalid 'uses' value '" + uses
                                    + "': expected ./path, $/path, docker://image or owner/repo[/path]@ref");
        }
    }
}
