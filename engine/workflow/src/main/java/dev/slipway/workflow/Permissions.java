package dev.slipway.workflow;

import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Checks {@code permissions:} at workflow or job level. */
final class Permissions {
    static final Set<String> SCOPES = Set.of(
            "actions",
            "artifact-metadata",
            "attestations",
            "checks",
            "contents",
            "deployments",
            "discussions",
            "id-token",
            "issues",
            "models",
            "packages",
            "pages",
            "pull-requests",
            "repository-projects",
            "security-events",
            "statuses",
            "vulnerability-alerts");
    private static final List<String> LEVELS = List.of("read", "write", "none");

    private Permissions() {}

    static void check(Ctx ctx, Node node) {
        if (node instanceof ScalarNode s) {
            String v = Nodes.text(s);
            if (!v.equals("read-all") && !v.equals("write-all") && !(Nodes.isNull(s))) {
                ctx.error(s, "'permissions' must be read-all, write-all or a mapping of scopes, got '" + v + "'");
            }
            return;
        }
        Fields.of(ctx, node, "permissions").ifPresent(f -> {
            f.allow("'permissions'", SCOPES);
            for (NodeTuple t : f.tuples()) {
                String scope = Nodes.key(t);
                f.string(t.getValueNode(), scope).ifPresent(level -> {
                    boolean ok = LEVELS.contains(level) && !(scope.equals("id-token") && level.equals("read"));
                    if (!ok) {
                        ctx.error(
                                t.getValueNode(),
                                "invalid permission '" + level + "' for '" + scope + "', expected "
                                        + (scope.equals("id-token") ? "write or none" : "read, write or none"));
                    }
                });
            }
        });
    }
}
