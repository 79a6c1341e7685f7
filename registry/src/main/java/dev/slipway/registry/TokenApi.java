package dev.slipway.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v2/token?service=&scope=repository:<name>:<actions>}: Basic credentials (or none, for anonymous pulls)
 * in, a bearer token granting the requested actions the {@link Authorizer} allows out. Denied actions are silently
 * left out, as Docker's token server does; the registry then answers {@code insufficient_scope}.
 */
final class TokenApi {
    private final TokenService tokens;
    private final Authorizer authorizer;

    TokenApi(TokenService tokens, Authorizer authorizer) {
        this.tokens = tokens;
        this.authorizer = authorizer;
    }

    void issue(Exchange ex) throws IOException {
        Optional<String> principal = Optional.empty();
        Optional<String> authorization = ex.header("Authorization");
        if (authorization.isPresent()) {
            principal = tokens.authenticateBasic(authorization.get());
            if (principal.isEmpty()) {
                ex.header("WWW-Authenticate", "Basic realm=\"" + tokens.service() + "\"");
                throw new RegistryException(ErrorCode.UNAUTHORIZED, "invalid username or password");
            }
        }
        List<Grant> grants = new ArrayList<>();
        for (String scopes : ex.queries("scope")) {
            for (String scope : scopes.split(" ")) {
                grant(principal, scope).ifPresent(grants::add);
            }
        }
        String token = tokens.issue(principal, grants);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("access_token", token);
        body.put("expires_in", tokens.ttl().toSeconds());
        body.put("issued_at", java.time.Instant.now().toString());
        ex.header("Cache-Control", "no-store");
        ex.send(200, "application/json", Manifest.JSON.writeValueAsBytes(body));
    }

    /** {@code repository:name:pull,push} (or {@code repository(plugin):...}) intersected with what is allowed. */
    Optional<Grant> grant(Optional<String> principal, String scope) {
        String[] parts = scope.split(":");
        if (parts.length != 3 || !parts[0].startsWith("repository") || !Names.isValidName(parts[1])) {
            return Optional.empty();
        }
        Set<RegistryAction> wanted = EnumSet.noneOf(RegistryAction.class);
        for (String action : parts[2].split(",")) {
            if (action.equals("*")) {
                wanted.addAll(EnumSet.allOf(RegistryAction.class));
            } else {
                RegistryAction.fromScope(action).ifPresent(wanted::add);
            }
        }
        wanted.retainAll(authorizer.permitted(principal, parts[1]));
        return Optional.of(new Grant(parts[1], wanted));
    }
}
