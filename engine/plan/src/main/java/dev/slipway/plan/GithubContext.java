package dev.slipway.plan;

import dev.slipway.expr.Value;
import dev.slipway.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@code github} context of a run as GitHub documents it. Numbers such as {@code run_id} are strings, as on
 * GitHub; {@code job} and {@code action} are empty here and set by the runtime per job and step; {@code token} is not
 * part of a plan.
 */
public final class GithubContext {
    private GithubContext() {}

    /** The {@code github} context of a run of {@code workflow} for {@code event}. */
    public static Value.Obj of(Workflow workflow, Event event, RunInfo run) {
        boolean pr = event.name().startsWith("pull_request");
        String repo = event.repository();
        int slash = repo.indexOf('/');
        String owner = slash > 0 ? repo.substring(0, slash) : repo;
        Map<String, Value> m = new LinkedHashMap<>();
        put(m, "event", event.payload());
        put(m, "event_name", event.name());
        put(m, "event_path", "");
        put(m, "ref", event.ref());
        put(m, "ref_name", event.refName());
        put(m, "ref_type", event.isTag() ? "tag" : event.isBranch() || pr ? "branch" : "");
        // true when a branch protection rule covers the branch (the server's), as on GitHub
        put(m, "ref_protected", run.refProtected() ? Value.TRUE : Value.FALSE);
        put(m, "sha", event.sha());
        put(m, "repository", repo);
        put(m, "repository_owner", owner);
        // numbers as strings, as GitHub's; from the payload (the server's carry them, a local run's may not)
        put(
                m,
                "repository_owner_id",
                Json.str(event.payload(), "repository", "owner", "id").orElse(""));
        // GitHub's number of the repository, a string; a repository a payload gives without one (a local run) has ""
        put(m, "repository_id", Json.str(event.payload(), "repository", "id").orElse(""));
        put(m, "repositoryUrl", run.serverUrl() + "/" + repo + ".git");
        put(m, "actor", event.actor());
        put(m, "actor_id", Json.str(event.payload(), "sender", "id").orElse(""));
        put(m, "triggering_actor", event.actor());
        put(m, "workflow", workflow.displayName());
        put(m, "workflow_ref", repo + "/" + workflow.path() + "@" + event.ref());
        put(m, "workflow_sha", event.sha());
        put(m, "run_id", Long.toString(run.runId()));
        put(m, "run_number", Long.toString(run.runNumber()));
        put(m, "run_attempt", Integer.toString(run.attempt()));
        put(m, "retention_days", Integer.toString(run.retentionDays()));
        put(m, "head_ref", pr ? event.headRef().orElse("") : "");
        put(m, "base_ref", pr ? event.baseRef().orElse("") : "");
        put(m, "server_url", run.serverUrl());
        // github.com's API has a host of its own; GitHub Enterprise Server's (and Slipway's) is under /api
        boolean dotCom = run.serverUrl().equalsIgnoreCase("https://github.com");
        put(m, "api_url", dotCom ? "https://api.github.com" : run.serverUrl() + "/api/v3");
        put(m, "graphql_url", dotCom ? "https://api.github.com/graphql" : run.serverUrl() + "/api/graphql");
        put(m, "job", "");
        put(m, "action", "");
        put(m, "action_path", "");
        put(m, "workspace", run.workspace());
        put(m, "secret_source", "Actions");
        return new Value.Obj(m);
    }

    private static void put(Map<String, Value> m, String key, Object value) {
        m.put(key, Json.of(value));
    }
}
