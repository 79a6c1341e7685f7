package dev.slipway.registry;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Authenticates requests (bearer token, or Basic straight on the API for scripts) and checks the actions a route
 * needs, producing the challenges Docker clients follow to the token endpoint.
 */
final class AccessControl {
    private final Authorizer authorizer;
    private final Optional<TokenService> tokens;
    private final Optional<String> realm;

    /** Who is calling and, for bearer tokens, what the token grants. */
    record Caller(Optional<String> principal, Optional<TokenService.Verified> token, boolean authenticated) {
        static Caller anonymous() {
            return new Caller(Optional.empty(), Optional.empty(), false);
        }
    }

    AccessControl(Authorizer authorizer, Optional<TokenService> tokens, Optional<String> realm) {
        this.authorizer = authorizer;
        this.tokens = tokens;
        this.realm = realm;
    }

    Optional<TokenService> tokens() {
        return tokens;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    Caller identify(Exchange ex) {
        Optional<String> authorization = ex.header("Authorization");
        if (authorization.isEmpty() || tokens.isEmpty()) {
            return Caller.anonymous();
        }
        String value = authorization.get();
        TokenService service = tokens.get();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            TokenService.Verified token = service.verify(value.substring(7).strip())
                    .orElseThrow(() -> RegistryException.unauthorized(
                            "invalid or expired token", challenge(ex, Optional.empty(), false)));
            return new Caller(token.principal(), Optional.of(token), true);
        }
        String principal = service.authenticateBasic(value)
                .orElseThrow(() -> RegistryException.unauthorized(
                        "invalid username or password", challenge(ex, Optional.empty(), false)));
        return new Caller(Optional.of(principal), Optional.empty(), true);
    }

    Set<RegistryAction> permitted(Caller caller, String repository) {
        Set<RegistryAction> allowed = EnumSet.noneOf(RegistryAction.class);
        allowed.addAll(authorizer.permitted(caller.principal(), repository));
        caller.token().ifPresent(t -> allowed.retainAll(t.actions(repository)));
        return allowed;
    }

    boolean may(Caller caller, String repository, RegistryAction action) {
        return permitted(caller, repository).contains(action);
    }

    /** {@code GET /v2/} answers 401 to unauthenticated callers whenever tokens are in use, so clients log in. */
    void requireBase(Exchange ex, Caller caller) {
        if (tokens.isPresent() && !caller.authenticated()) {
            throw RegistryException.unauthorized("authentication required", challenge(ex, Optional.empty(), false));
        }
    }

    void require(Exchange ex, Caller caller, String repository, RegistryAction... needed) {
        Set<RegistryAction> allowed = permitted(caller, repository);
        Set<RegistryAction> wanted = EnumSet.of(needed[0], needed);
        if (allowed.containsAll(wanted)) {
            return;
        }
        Set<RegistryAction> missing = EnumSet.copyOf(wanted);
        missing.removeAll(allowed);
        String message = "access to " + repository + " denied (needs " + names(wanted) + ")"
                + authorizer
                        .whyNot(caller.principal(), repository, missing)
                        .map(w -> ": " + w)
                        .orElse("");
        if (tokens.isEmpty() || (caller.authenticated() && caller.token().isEmpty())) {
            throw new RegistryException(ErrorCode.DENIED, message);
        }
        if (wanted.contains(RegistryAction.PUSH)) {
            wanted.add(RegistryAction.PULL);
        }
        String scope = "repository:" + repository + ":" + names(wanted);
        throw RegistryException.unauthorized(message, challenge(ex, Optional.of(scope), caller.authenticated()));
    }

    private static String names(Set<RegistryAction> actions) {
        return actions.stream().map(RegistryAction::scopeName).collect(Collectors.joining(","));
    }

    String challenge(Exchange ex, Optional<String> scope, boolean insufficient) {
        String service = tokens.map(TokenService::service).orElse("slipway");
        StringBuilder value = new StringBuilder("Bearer realm=\"")
                .append(realm.orElseGet(() -> defaultRealm(ex)))
                .append("\",service=\"")
                .append(service)
                .append('"');
        scope.ifPresent(s -> value.append(",scope=\"").append(s).append('"'));
        if (insufficient) {
            value.append(",error=\"insufficient_scope\"");
        }
        return value.toString();
    }

    private static String defaultRealm(Exchange ex) {
        String host = ex.header("Host")
                .orElseGet(
                        () -> ex.request().getServerName() + ":" + ex.request().getServerPort());
        return ex.request().getScheme() + "://" + host + ex.location("/token");
    }
}
