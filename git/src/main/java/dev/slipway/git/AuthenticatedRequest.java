package dev.slipway.git;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The request as JGit sees it: the remote user is the principal's login, the path prefix moved to the servlet path. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final Optional<Principal> who;
    private final String prefix;

    AuthenticatedRequest(HttpServletRequest req, Optional<Principal> who, String prefix) {
        super(req);
        this.who = who;
        this.prefix = prefix;
    }

    @Override
    public @Nullable String getRemoteUser() {
        return who.map(Principal::login).orElse(null);
    }

    @Override
    public java.security.@Nullable Principal getUserPrincipal() {
        return who.map(p -> (java.security.Principal) p::login).orElse(null);
    }

    @Override
    public @Nullable String getAuthType() {
        return who.isPresent() ? HttpServletRequest.BASIC_AUTH : null;
    }

    @Override
    public String getServletPath() {
        return super.getServletPath() + prefix;
    }

    @Override
    public @Nullable String getPathInfo() {
        String info = super.getPathInfo();
        return info == null || prefix.isEmpty() ? info : info.substring(prefix.length());
    }
}
