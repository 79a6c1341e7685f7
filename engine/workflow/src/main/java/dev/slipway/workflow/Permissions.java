package dev.slipway.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Checks and reads {@code permissions:} at workflow or job level. */
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

    private Permissions() {}

    /** The permissions {@code node} gives, after checking it; empty when it is null or has errors. */
    static Optional<TokenPermissions> parse(Ctx ctx, Node node) {
        if (node instanceof ScalarNode s) {
            String v = Nodes.text(s);
            if (Nodes.isNull(s)) {
                return Optional.empty();
            }
            if (v.equals("read-all") || v.equals("write-all")) {
                return Optional.of(TokenPermissions.all(
                        v.equals("read-all") ? TokenPermissions.Access.READ : TokenPermissions.Access.WRITE));
            }
            ctx.error(s, "'permissions' must be read-all, write-all or a mapping of scopes, got '" + v + "'");
            return Optional.empty();
        }
        Map<String, TokenPermissions.Access> named = new LinkedHashMap<>();
        boolean[] valid = {true};
        Fields.of(ctx, node, "permissions")
                .ifPresentOrElse(
                        f -> {
                            f.allow("'permissions'", SCOPES);
                            for (NodeTuple t : f.tuples()) {
                                String scope = Nodes.key(t);
                                f.string(t.getValueNode(), scope).ifPresent(level -> {
                                    var access = TokenPermissions.access(level)
                                            .filter(a ->
                                                    !(scope.equals("id-token") && a == TokenPermissions.Access.READ));
                                    if (access.isEmpty()) {
                                        valid[0] = false;
                                        ctx.error(
                                                t.getValueNode(),
                                                "invalid permission '" + level + "' for '" + scope + "', expected "
                                                        + (scope.equals("id-token")
                                                                ? "write or none"
                                                                : "read, write or none"));
                                    } else if (SCOPES.contains(scope)) {
                                        named.put(scope, access.get());
                                    }
                                });
                            }
                        },
                        () -> valid[0] = false);
        return valid[0] ? Optional.of(TokenPermissions.of(named)) : Optional.empty();
    }
}
