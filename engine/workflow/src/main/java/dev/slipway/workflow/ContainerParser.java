package dev.slipway.workflow;

import dev.slipway.expr.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads {@code container:}, {@code services:}, {@code concurrency:}, {@code defaults:} and {@code strategy:}. */
final class ContainerParser {
    private static final Set<String> CONTAINER = Set.of("image", "credentials", "env", "ports", "volumes", "options");
    private static final Set<String> SERVICE =
            Set.of("image", "credentials", "env", "ports", "volumes", "options", "entrypoint", "command");

    private ContainerParser() {}

    static Optional<Container> container(Ctx ctx, Node node, String what) {
        if (node instanceof ScalarNode s && !Nodes.isNull(s)) {
            return Optional.of(new Container(
                    Nodes.text(s),
                    Map.of(),
                    List.of(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    ctx.span(s)));
        }
        return Fields.of(ctx, node, what).flatMap(f -> {
            // a service may also override its image's entrypoint and command (not a job container)
            f.allow("'" + what + "'", what.startsWith("services.") ? SERVICE : CONTAINER);
            Optional<String> image = f.string("image");
            if (image.isEmpty()) {
                ctx.error(f.span(), "'" + what + "' has no 'image'");
            }
            Optional<Container.Credentials> credentials = f.node("credentials")
                    .flatMap(n -> Fields.of(ctx, n, "credentials"))
                    .map(c -> {
                        c.allow("'credentials'", Set.of("username", "password"));
                        return new Container.Credentials(
                                c.string("username").orElse(""),
                                c.string("password").orElse(""));
                    });
            return image.map(i -> new Container(
                    i,
                    f.stringMap("env"),
                    f.stringList("ports").orElse(List.of()),
                    f.stringList("volumes").orElse(List.of()),
                    f.string("options"),
                    credentials,
                    f.string("entrypoint"),
                    f.string("command"),
                    f.span()));
        });
    }

    static Map<String, Container> services(Ctx ctx, Node node) {
        Map<String, Container> services = new java.util.LinkedHashMap<>();
        Fields.of(ctx, node, "services").ifPresent(f -> {
            for (NodeTuple t : f.tuples()) {
                String id = Nodes.key(t);
                container(ctx, t.getValueNode(), "services." + id).ifPresent(c -> services.put(id, c));
            }
        });
        return services;
    }

    static Optional<Concurrency> concurrency(Ctx ctx, Node node) {
        if (node instanceof ScalarNode s && !Nodes.isNull(s)) {
            return Optional.of(new Concurrency(Nodes.text(s), Value.FALSE, ctx.span(s)));
        }
        return Fields.of(ctx, node, "concurrency").flatMap(f -> {
            f.allow("'concurrency'", Set.of("group", "cancel-in-progress", "queue"));
            Optional<String> group = f.string("group");
            if (group.isEmpty()) {
                ctx.error(f.span(), "'concurrency' has no 'group'");
            }
            Value cancel = f.boolOrExpr("cancel-in-progress", Value.FALSE);
            Concurrency.Queue queue = Concurrency.Queue.SINGLE;
            Optional<String> q = f.string("queue");
            if (q.isPresent()) {
                switch (q.get()) {
                    case "single" -> queue = Concurrency.Queue.SINGLE;
                    case "max" -> queue = Concurrency.Queue.MAX;
                    default ->
                        ctx.error(
                                f.node("queue").orElseThrow(), "'queue' must be single or max, got '" + q.get() + "'");
                }
            }
            if (queue == Concurrency.Queue.MAX && cancel.equals(Value.TRUE)) {
                ctx.error(f.node("cancel-in-progress").orElseThrow(), Concurrency.QUEUE_WITH_CANCEL);
            }
            Concurrency.Queue chosen = queue;
            return group.map(g -> new Concurrency(g, cancel, chosen, f.span()));
        });
    }

    static Defaults defaults(Ctx ctx, Node node) {
        return Fields.of(ctx, node, "defaults")
                .map(f -> f.allow("'defaults'", Set.of("run")))
                .flatMap(f -> f.node("run"))
                .flatMap(n -> Fields.of(ctx, n, "defaults.run"))
                .map(r -> {
                    r.allow("'defaults.run'", Set.of("shell", "working-directory"));
                    return new Defaults(r.string("shell"), r.string("working-directory"));
                })
                .orElse(Defaults.NONE);
    }

    static Optional<Strategy> strategy(Ctx ctx, Node node) {
        return Fields.of(ctx, node, "strategy").map(f -> {
            f.allow("'strategy'", Set.of("matrix", "fail-fast", "max-parallel"));
            Value matrix = f.node("matrix")
                    .map(m -> Matrices.check(ctx, f.keyNode("matrix").orElseThrow(), m))
                    .orElse(Value.NULL);
            return new Strategy(
                    matrix, f.boolOrExpr("fail-fast", Value.TRUE), f.numberOrExpr("max-parallel"), f.span());
        });
    }
}
