package dev.slipway.server.oidc;

import dev.slipway.agent.JobSetup;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.agents.AgentRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenID Connect routes: the public discovery document and key set, and the endpoint a job's steps get their token
 * from ({@code ACTIONS_ID_TOKEN_REQUEST_URL}, with {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN} as bearer), which answers
 * {@code {"value": "<jwt>"}} as GitHub's does. The request token is valid while the job's lease lasts and for that
 * alone; anything else is 401.
 */
public final class OidcRoutes {
    private final AgentHub hub;
    private final IdTokenIssuer issuer;

    public OidcRoutes(AgentHub hub, IdTokenIssuer issuer) {
        this.hub = hub;
        this.issuer = issuer;
    }

    public void mount(RoutesConfig routes) {
        routes.get("/.well-known/openid-configuration", ctx -> ctx.json(issuer.configuration()));
        routes.get(IdTokenIssuer.JWKS_PATH, ctx -> ctx.json(issuer.jwks()));
        routes.get(JobSetup.ID_TOKEN_PATH, this::token);
    }

    private void token(Context ctx) {
        var job = AgentRoutes.bearer(ctx).flatMap(hub::idTokenJob);
        if (job.isEmpty()) {
            ctx.status(401)
                    .json(Map.of(
                            "message",
                            "an id-token request token of a running job is required (Authorization: Bearer"
                                    + " $ACTIONS_ID_TOKEN_REQUEST_TOKEN); a job gets one with permissions"
                                    + " id-token: write, valid while it runs"));
            return;
        }
        var audience = Optional.ofNullable(ctx.queryParam("audience")).filter(a -> !a.isBlank());
        ctx.header("Cache-Control", "no-store").json(Map.of("value", issuer.issue(job.get(), audience)));
    }
}
