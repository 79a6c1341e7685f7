package dev.slipway.server.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Template;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.workflow.WorkflowParser;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The claims of a job's token, as GitHub's "OpenID Connect reference" lists them, taken from the {@code github} context
 * the server handed the job's agent. The subject names the job's environment when it has one, else the pull request
 * for {@code pull_request*} events, else the ref.
 */
final class IdTokenClaims {
    /** Every claim a token may carry, for the discovery document. */
    static final List<String> SUPPORTED = List.of(
            "sub",
            "aud",
            "exp",
            "iat",
            "iss",
            "jti",
            "nbf",
            "ref",
            "ref_type",
            "sha",
            "repository",
            "repository_id",
            "repository_owner",
            "run_id",
            "run_number",
            "run_attempt",
            "actor",
            "event_name",
            "workflow",
            "workflow_ref",
            "workflow_sha",
            "job_workflow_ref",
            "job_workflow_sha",
            "head_ref",
            "base_ref",
            "environment",
            "runner_environment");

    private IdTokenClaims() {}

    /**
     * The claims of a token for {@code job}, issued by {@code issuer} at {@code now} for {@code audience}, valid for
     * {@code lifetime}.
     */
    static JWTClaimsSet of(
            AgentHub.IdTokenJob job,
            String issuer,
            Optional<String> audience,
            Instant now,
            java.time.Duration lifetime) {
        var assignment = job.assignment();
        Map<String, Value> contexts = contexts(assignment.contexts());
        var github = contexts.get("github") instanceof Value.Obj obj ? obj : new Value.Obj(Map.of());
        String repository = assignment.repository();
        String owner = repository.substring(0, Math.max(0, repository.indexOf('/')));
        String ref = text(github, "ref");
        String sha = text(github, "sha");
        String event = text(github, "event_name");
        Optional<String> environment =
                environment(assignment.workflowPath(), assignment.workflowText(), assignment.workflowJobId(), contexts);
        String subject = "repo:" + repository + ":"
                + environment
                        .map(e -> "environment:" + e)
                        .orElse(event.startsWith("pull_request") ? "pull_request" : "ref:" + ref);
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience.orElse(issuer + "/" + owner))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("ref", ref)
                .claim("ref_type", text(github, "ref_type"))
                .claim("ref_protected", text(github, "ref_protected"))
                .claim("sha", sha)
                .claim("repository", repository)
                .claim("repository_id", Long.toString(job.job().repoId()))
                .claim("repository_owner", owner)
                .claim("repository_owner_id", text(github, "repository_owner_id"))
                .claim("repository_visibility", visibility(github))
                .claim("run_id", text(github, "run_id"))
                .claim("run_number", text(github, "run_number"))
                .claim("run_attempt", text(github, "run_attempt"))
                .claim("actor", text(github, "actor"))
                .claim("actor_id", text(github, "actor_id"))
                .claim("event_name", event)
                .claim("workflow", text(github, "workflow"))
                .claim("workflow_ref", text(github, "workflow_ref"))
                .claim("workflow_sha", text(github, "workflow_sha"))
                // the job's own file: a called workflow's (of the same repository, at the run's commit)
                .claim("job_workflow_ref", repository + "/" + assignment.workflowPath() + "@" + ref)
                .claim("job_workflow_sha", sha)
                .claim("head_ref", text(github, "head_ref"))
                .claim("base_ref", text(github, "base_ref"))
                .claim("runner_environment", "self-hosted");
        environment.ifPresent(e -> claims.claim("environment", e));
        return claims.build();
    }

    private static Map<String, Value> contexts(String json) {
        try {
            return Values.fromJson(json) instanceof Value.Obj obj ? obj.fields() : Map.of();
        } catch (ExprException e) {
            return Map.of();
        }
    }

    /** The run's repository's visibility, as its event payload gives it ({@code private} or {@code public}). */
    private static String visibility(Value.Obj github) {
        return github.get("event")
                .flatMap(e -> e instanceof Value.Obj event ? event.get("repository") : java.util.Optional.empty())
                .flatMap(r -> r instanceof Value.Obj repo ? repo.get("visibility") : java.util.Optional.empty())
                .map(Values::toStr)
                .orElse("");
    }

    private static String text(Value.Obj obj, String key) {
        return obj.get(key).map(Values::toStr).orElse("");
    }

    /**
     * The name of the job's {@code environment:} (a name, or an object's {@code name}), its expressions evaluated
     * with the job's contexts; empty without one, or when it cannot be evaluated.
     */
    static Optional<String> environment(String path, String text, String jobId, Map<String, Value> contexts) {
        var parsed = WorkflowParser.parse(path, text);
        var job = parsed.value().flatMap(w -> Optional.ofNullable(w.jobs().get(jobId)));
        if (job.isEmpty()) {
            return Optional.empty();
        }
        Value declared = job.get().environment();
        Value name = declared instanceof Value.Obj obj ? obj.get("name").orElse(Value.NULL) : declared;
        if (!(name instanceof Value.Str str)) {
            return Optional.empty();
        }
        try {
            String rendered = Template.parse(str.value()).render(EvalContext.of(contexts));
            return rendered.isBlank() ? Optional.empty() : Optional.of(rendered.strip());
        } catch (ExprException e) {
            return Optional.empty();
        }
    }
}
