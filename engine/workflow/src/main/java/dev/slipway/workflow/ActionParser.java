package dev.slipway.workflow;

import dev.slipway.expr.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Parses an action's metadata file ({@code action.yml} or {@code action.yaml}) into an {@link ActionDef}. */
public final class ActionParser {
    /** The keys GitHub's runner reads at an action file's top level and in an input; it ignores any other. */
    private static final Set<String> TOP = Set.of("name", "description", "inputs", "outputs", "runs");

    private static final Set<String> INPUT = Set.of("description", "required", "default", "deprecationMessage");
    private static final Set<String> OUTPUT = Set.of("description", "value");
    private static final Set<String> NODE = Set.of("using", "main", "pre", "post", "pre-if", "post-if");
    private static final Set<String> DOCKER = Set.of(
            "using", "image", "entrypoint", "args", "env", "pre-entrypoint", "post-entrypoint", "pre-if", "post-if");
    private static final Set<String> COMPOSITE = Set.of("using", "steps");
    private static final List<String> NODE_VERSIONS = List.of("node12", "node16", "node20", "node24");

    private ActionParser() {}

    /**
     * Parses {@code yaml}, reporting every problem found as a diagnostic positioned in {@code path}.
     *
     * @return the action when it has no errors, and all diagnostics sorted by position
     */
    public static ParseResult<ActionDef> parse(String path, String yaml) {
        Ctx ctx = new Ctx(path, yaml);
        Optional<ActionDef> action = Yaml.compose(ctx, "action file")
                .flatMap(root -> Fields.of(ctx, root, "action"))
                .flatMap(ActionParser::action);
        return new ParseResult<>(ctx.hasErrors() ? Optional.empty() : action, ctx.diagnostics());
    }

    /**
     * The action's file as GitHub's runner reads it: other keys than {@code name}, {@code description}, {@code
     * inputs}, {@code outputs} and {@code runs} are passed over (its schema allows any, e.g. {@code author},
     * {@code branding}, or softprops/action-gh-release's {@code env}), and {@code name} may be missing.
     */
    private static Optional<ActionDef> action(Fields f) {
        Ctx ctx = f.ctx();
        f.ignoreOthers("the action", TOP);
        Optional<String> name = f.string("name");
        Map<String, ActionInput> inputs = new LinkedHashMap<>();
        f.node("inputs").flatMap(n -> Fields.orEmpty(ctx, n, "inputs")).ifPresent(m -> {
            for (NodeTuple t : m.tuples()) {
                input(ctx, Nodes.key(t), t.getValueNode()).ifPresent(i -> inputs.put(i.name(), i));
            }
        });
        Map<String, ActionOutput> outputs = new LinkedHashMap<>();
        f.node("outputs").flatMap(n -> Fields.orEmpty(ctx, n, "outputs")).ifPresent(m -> {
            for (NodeTuple t : m.tuples()) {
                output(ctx, Nodes.key(t), t.getValueNode()).ifPresent(o -> outputs.put(o.name(), o));
            }
        });
        Optional<Runs> runs = Optional.empty();
        if (f.has("runs")) {
            runs = Fields.of(ctx, f.node("runs").orElseThrow(), "runs").flatMap(ActionParser::runs);
        } else {
            ctx.error(f.span(), "the action has no 'runs'");
        }
        Expressions.check(ctx, f.node());
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new ActionDef(name.orElse(""), f.string("description"), inputs, outputs, runs.get(), f.span()));
    }

    private static Optional<ActionInput> input(Ctx ctx, String name, Node node) {
        if (Nodes.isNull(node)) {
            return Optional.of(new ActionInput(name, Optional.empty(), false, Optional.empty(), Optional.empty()));
        }
        // an input may hold other keys too (the runner's schema allows any: `type`, `options` of some actions)
        return Fields.of(ctx, node, "inputs." + name).map(f -> {
            f.ignoreOthers("input '" + name + "'", INPUT);
            return new ActionInput(
                    name, f.string("description"), required(f), f.string("default"), f.string("deprecationMessage"));
        });
    }

    /** {@code required:} is a boolean, though many published actions quote it; accept "true"/"false" too. */
    private static boolean required(Fields f) {
        Optional<Node> n = f.node("required");
        if (n.isEmpty() || Nodes.isNull(n.get())) {
            return false;
        }
        Value v = Nodes.value(n.get());
        if (v instanceof Value.Bool b) {
            return b.value();
        }
        if (v instanceof Value.Str s && (s.value().equals("true") || s.value().equals("false"))) {
            return s.value().equals("true");
        }
        f.ctx().error(n.get(), "'required' must be a boolean, got " + Nodes.kind(n.get()));
        return false;
    }

    private static Optional<ActionOutput> output(Ctx ctx, String name, Node node) {
        if (Nodes.isNull(node)) {
            return Optional.of(new ActionOutput(name, Optional.empty(), Optional.empty()));
        }
        return Fields.of(ctx, node, "outputs." + name).map(f -> {
            f.allow("output '" + name + "'", OUTPUT);
            return new ActionOutput(name, f.string("description"), f.string("value"));
        });
    }

    private static Optional<Runs> runs(Fields f) {
        Ctx ctx = f.ctx();
        Optional<String> using = f.string("using");
        if (using.isEmpty()) {
            ctx.error(f.span(), "'runs' has no 'using'");
            return Optional.empty();
        }
        String u = using.get();
        if (u.equals("composite")) {
            f.allow("'runs' of a composite action", COMPOSITE);
            if (!f.has("steps")) {
                ctx.error(f.span(), "a composite action needs 'steps'");
                return Optional.empty();
            }
            return Optional.of(
                    new Runs.Composite(StepParser.parse(ctx, f.node("steps").orElseThrow(), true)));
        }
        if (u.equals("docker")) {
            f.allow("'runs' of a Docker action", DOCKER);
            conditions(f);
            Optional<String> image = f.string("image");
            if (image.isEmpty()) {
                ctx.error(f.span(), "a Docker action needs 'image'");
                return Optional.empty();
            }
            return Optional.of(new Runs.Docker(
                    image.get(),
                    f.string("entrypoint"),
                    f.stringList("args").orElse(List.of()),
                    f.stringMap("env"),
                    f.string("pre-entrypoint"),
                    f.string("post-entrypoint"),
                    f.string("pre-if"),
                    f.string("post-if")));
        }
        if (NODE_VERSIONS.contains(u)) {
            f.allow("'runs' of a JavaScript action", NODE);
            conditions(f);
            Optional<String> main = f.string("main");
            if (main.isEmpty()) {
                ctx.error(f.span(), "a JavaScript action needs 'main'");
                return Optional.empty();
            }
            return Optional.of(new Runs.Node(
                    u, main.get(), f.string("pre"), f.string("post"), f.string("pre-if"), f.string("post-if")));
        }
        ctx.error(
                f.node("using").orElseThrow(),
                "unknown 'using' value '" + u + "', expected composite, docker, " + String.join(", ", NODE_VERSIONS)
                        + Suggest.hint(u, List.of("composite", "docker", "node20", "node24")));
        return Optional.empty();
    }

    private static void conditions(Fields f) {
        f.node("pre-if").ifPresent(f.ctx()::condition);
        f.node("post-if").ifPresent(f.ctx()::condition);
    }
}
