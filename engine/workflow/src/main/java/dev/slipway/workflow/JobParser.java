package dev.slipway.workflow;

import dev.slipway.expr.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads one entry of {@code jobs:}. */
final class JobParser {
    static final Set<String> KEYS = Set.of(
            "name",
            "permissions",
            "needs",
            "if",
            "runs-on",
            "environment",
            "concurrency",
            "outputs",
            "env",
            "defaults",
            "steps",
            "timeout-minutes",
            "cancel-timeout-minutes",
            "strategy",
            "continue-on-error",
            "container",
            "services",
            "uses",
            "with",
            "secrets",
            "cache-mode",
            "snapshot");
    private static final Set<String> CALL_KEYS =
            Set.of("name", "uses", "with", "secrets", "needs", "if", "permissions", "strategy", "concurrency");
    /**
     * A job's {@code uses}: {@code ./.github/workflows/<file>.yml} or {@code owner/repo/.github/workflows/<file>.yml@ref}
     * ({@code .yaml} too); GitHub reads reusable workflows from {@code .github/workflows} only, no subdirectory.
     */
    private static final Pattern CALL_USES = Pattern.compile("(\\./|\\$/(\\./)?)\\.github/workflows/[^/]+\\.ya?ml"
            + "|[^/@\\s]+/[^/@\\s]+/\\.github/workflows/[^/@]+\\.ya?ml@[^@\\s]+");

    private JobParser() {}

    static Optional<Job> parse(Ctx ctx, NodeTuple entry) {
        String id = Nodes.key(entry);
        Node key = entry.getKeyNode();
        if (!StepParser.ID.matcher(id).matches()) {
            ctx.error(
                    key,
                    "invalid job id '" + id + "': it must start with a letter or '_' and contain only letters,"
                            + " digits, '-' and '_'");
        }
        return Fields.of(ctx, entry.getValueNode(), "jobs." + id).map(f -> job(ctx, id, key, f));
    }

    private static Job job(Ctx ctx, String id, Node key, Fields f) {
        f.allow("job '" + id + "'", KEYS);
        boolean call = f.has("uses");
        if (call) {
            for (NodeTuple t : f.tuples()) {
                String k = Nodes.key(t);
                if (KEYS.contains(k) && !CALL_KEYS.contains(k)) {
                    ctx.error(t.getKeyNode(), "'" + k + "' is not allowed on a job that calls a reusable workflow");
                }
            }
            f.string("uses")
                    .map(String::strip)
                    .filter(u -> !CALL_USES.matcher(u).matches())
                    .ifPresent(u -> ctx.error(
                            f.node("uses").orElseThrow(),
                            "invalid reusable workflow '" + u + "': expected ./.github/workflows/<file>.yml,"
                                    + " $/.github/workflows/<file>.yml or"
                                    + " owner/repo/.github/workflows/<file>.yml@ref (reusable workflows live directly"
                                    + " in .github/workflows)"));
        } else {
            for (String k : List.of("with", "secrets")) {
                f.keyNode(k)
                        .ifPresent(n -> ctx.error(
                                n, "'" + k + "' is only allowed on a job that calls a reusable workflow ('uses')"));
            }
            if (!f.has("steps")) {
                ctx.error(key, "job '" + id + "' has neither 'steps' nor 'uses'");
            } else if (!f.has("runs-on")) {
                ctx.error(key, "job '" + id + "' has no 'runs-on'");
            }
        }
        f.node("if").ifPresent(n -> ctx.condition(n, Expressions.JOB_IF));
        restrictContexts(ctx, f);
        Optional<TokenPermissions> permissions = f.node("permissions").flatMap(n -> Permissions.parse(ctx, n));
        f.node("snapshot").ifPresent(n -> snapshot(ctx, n));
        return new Job(
                id,
                f.string("name"),
                f.node("needs").map(n -> f.stringList(n, "needs")).orElse(List.of()),
                f.string("if"),
                f.node("runs-on").map(n -> runsOn(ctx, n)).orElse(Value.NULL),
                f.stringMapOrExpression("env"),
                f.node("defaults").map(n -> ContainerParser.defaults(ctx, n)).orElse(Defaults.NONE),
                f.node("strategy").flatMap(n -> ContainerParser.strategy(ctx, n)),
                f.numberOrExpr("timeout-minutes"),
                f.numberOrExpr("cancel-timeout-minutes"),
                f.boolOrExpr("continue-on-error", Value.FALSE),
                f.node("concurrency").flatMap(n -> ContainerParser.concurrency(ctx, n)),
                f.stringMap("outputs"),
                call
                        ? List.of()
                        : f.node("steps")
                                .map(n -> StepParser.parse(ctx, n, false))
                                .orElse(List.of()),
                f.string("uses").map(String::strip),
                f.valueMap("with"),
                secrets(ctx, f),
                f.node("container")
                        .filter(n -> !Nodes.isNull(n))
                        .flatMap(n -> ContainerParser.container(ctx, n, "container")),
                f.node("services")
                        .filter(n -> !Nodes.isNull(n))
                        .map(n -> ContainerParser.services(ctx, n))
                        .orElse(Map.of()),
                f.node("environment").map(n -> environment(ctx, n)).orElse(Value.NULL),
                cacheMode(f),
                permissions,
                ctx.span(key),
                f.spans());
    }

    /** Limits what each key of a job may read, as GitHub's workflow schema does (it refuses the file otherwise). */
    private static void restrictContexts(Ctx ctx, Fields f) {
        for (String key : List.of(
                "name",
                "runs-on",
                "timeout-minutes",
                "cancel-timeout-minutes",
                "continue-on-error",
                "concurrency",
                "with")) {
            f.node(key).ifPresent(n -> ctx.restrict(n, key, Expressions.JOB_STRATEGY));
        }
        f.node("strategy").ifPresent(n -> ctx.restrict(n, "strategy", Expressions.STRATEGY));
        f.node("env").ifPresent(n -> ctx.restrict(n, "env", Expressions.JOB_ENV));
        f.node("defaults").ifPresent(n -> ctx.restrict(n, "defaults", Expressions.JOB_DEFAULTS));
        // a container's image (its credentials and env may read more)
        f.node("container").ifPresent(n -> image(ctx, n, "container"));
        f.node("services").ifPresent(n -> {
            if (n instanceof org.snakeyaml.engine.v2.nodes.MappingNode services) {
                services.getValue().forEach(t -> image(ctx, t.getValueNode(), "services"));
            }
        });
    }

    private static void image(Ctx ctx, Node container, String where) {
        if (container instanceof org.snakeyaml.engine.v2.nodes.MappingNode m) {
            m.getValue().stream()
                    .filter(t -> Nodes.key(t).equals("image"))
                    .forEach(t -> ctx.restrict(t.getValueNode(), where, Expressions.JOB_STRATEGY));
        } else {
            ctx.restrict(container, where, Expressions.JOB_STRATEGY);
        }
    }

    private static Value runsOn(Ctx ctx, Node n) {
        if (n instanceof ScalarNode s && !Nodes.isNull(s)) {
            return Value.of(Nodes.text(s));
        }
        if (n instanceof org.snakeyaml.engine.v2.nodes.SequenceNode) {
            Fields.strings(ctx, n, "runs-on");
            return Nodes.value(n);
        }
        return Fields.of(ctx, n, "runs-on")
                .map(f -> {
                    f.allow("'runs-on'", Set.of("group", "labels"));
                    f.string("group");
                    f.stringList("labels");
                    return Nodes.value(n);
                })
                .orElse(Value.NULL);
    }

    /** {@code cache-mode}: {@code read}, {@code write}, {@code write-only} or {@code none}. */
    static Optional<CacheMode> cacheMode(Fields f) {
        return f.string("cache-mode").flatMap(text -> {
            Optional<CacheMode> mode = CacheMode.parse(text);
            if (mode.isEmpty()) {
                f.ctx()
                        .error(
                                f.node("cache-mode").orElseThrow(),
                                "'cache-mode' must be read, write, write-only or none, got '" + text + "'");
            }
            return mode;
        });
    }

    /**
     * {@code snapshot} (a custom runner image made from the job's runner when it succeeds): an image name, or {@code
     * image-name} with {@code if} and {@code version}. Checked; there are no runner images to make here.
     */
    private static void snapshot(Ctx ctx, Node n) {
        if (n instanceof ScalarNode) {
            return;
        }
        Fields.of(ctx, n, "snapshot").ifPresent(f -> {
            f.allow("'snapshot'", Set.of("image-name", "if", "version"));
            if (!f.has("image-name")) {
                ctx.error(f.span(), "'snapshot' has no 'image-name'");
            }
            f.string("image-name");
            f.string("version");
            f.node("if").ifPresent(ctx::condition);
        });
    }

    private static Value environment(Ctx ctx, Node n) {
        if (n instanceof ScalarNode) {
            return Nodes.value(n);
        }
        return Fields.of(ctx, n, "environment")
                .map(f -> {
                    f.allow("'environment'", Set.of("name", "url", "deployment"));
                    if (!f.has("name")) {
                        ctx.error(f.span(), "'environment' has no 'name'");
                    }
                    f.string("name");
                    f.string("url");
                    f.boolOrExpr("deployment", Value.TRUE);
                    return Nodes.value(n);
                })
                .orElse(Value.NULL);
    }

    private static Job.SecretsPass secrets(Ctx ctx, Fields f) {
        Optional<Node> n = f.node("secrets");
        if (n.isEmpty() || Nodes.isNull(n.get())) {
            return new Job.SecretsPass.None();
        }
        if (n.get() instanceof ScalarNode s) {
            if (Nodes.text(s).equals("inherit")) {
                return new Job.SecretsPass.Inherit();
            }
            ctx.error(s, "'secrets' must be 'inherit' or a mapping, got '" + Nodes.text(s) + "'");
            return new Job.SecretsPass.None();
        }
        return new Job.SecretsPass.Explicit(f.stringMap("secrets"));
    }
}
