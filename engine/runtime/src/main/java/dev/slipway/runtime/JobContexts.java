package dev.slipway.runtime;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds the contexts and default environment variables a job starts with. */
final class JobContexts {
    private JobContexts() {}

    /** The request's contexts plus {@code github} (completed), {@code runner}, {@code job} and {@code secrets}. */
    static Map<String, Value> contexts(JobRequest request, RuntimeOptions options, Path eventPath) {
        Map<String, Value> out = new LinkedHashMap<>();
        request.contexts().forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        Map<String, Value> github = new LinkedHashMap<>();
        if (out.get("github") instanceof Value.Obj given) {
            github.putAll(given.fields());
        }
        github.put("workspace", Value.of(request.workspace().toString()));
        github.put("job", Value.of(request.job().id()));
        github.put("event_path", Value.of(eventPath.toString()));
        github.putIfAbsent("workflow", Value.of(request.workflow().displayName()));
        github.putIfAbsent("event", Value.obj(Map.of()));
        Optional.ofNullable(request.secrets().get("GITHUB_TOKEN")).ifPresent(t -> github.put("token", Value.of(t)));
        out.put("github", Value.obj(github));

        Map<String, Value> runner = new LinkedHashMap<>();
        runner.put("name", Value.of(options.runnerName()));
        runner.put("os", Value.of("Linux"));
        runner.put("arch", Value.of("X64"));
        runner.put("temp", Value.of(request.runnerTemp().toString()));
        runner.put("workspace", Value.of(workspaceParent(request)));
        runner.put("tool_cache", Value.of(options.toolCache().toString()));
        runner.put("environment", Value.of("self-hosted"));
        if (options.debug()) {
            runner.put("debug", Value.of("1"));
        }
        out.put("runner", Value.obj(runner));

        Map<String, Value> job = new LinkedHashMap<>();
        job.put("status", Value.of("success"));
        job.put("container", Value.obj(Map.of("network", Value.of(""))));
        job.put("services", Value.obj(Map.of()));
        out.put("job", Value.obj(job));

        Map<String, Value> secrets = new LinkedHashMap<>();
        request.secrets().forEach((k, v) -> secrets.put(k, Value.of(v)));
        out.put("secrets", Value.obj(secrets));
        for (String name : new String[] {"needs", "inputs", "vars", "matrix", "strategy"}) {
            out.putIfAbsent(name, Value.obj(Map.of()));
        }
        return out;
    }

    /**
     * {@code CI}, {@code GITHUB_*} and {@code RUNNER_*} as GitHub sets them, and {@code ACTIONS_ID_TOKEN_REQUEST_*}
     * when the job may ask for OpenID Connect tokens.
     */
    static Map<String, String> defaultEnv(JobRequest request, RuntimeOptions options, Map<String, Value> contexts) {
        Value github = contexts.get("github");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CI", "true");
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_WORKSPACE", request.workspace().toString());
        env.put("GITHUB_JOB", request.job().id());
        env.put("GITHUB_EVENT_PATH", str(github, "event_path"));
        env.put("GITHUB_WORKFLOW", str(github, "workflow"));
        String[][] fromGithub = {
            {"GITHUB_SHA", "sha"},
            {"GITHUB_REF", "ref"},
            {"GITHUB_REF_NAME", "ref_name"},
            {"GITHUB_REF_TYPE", "ref_type"},
            {"GITHUB_REPOSITORY", "repository"},
            {"GITHUB_REPOSITORY_OWNER", "repository_owner"},
            {"GITHUB_RUN_ID", "run_id"},
            {"GITHUB_RUN_NUMBER", "run_number"},
            {"GITHUB_RUN_ATTEMPT", "run_attempt"},
            {"GITHUB_ACTOR", "actor"},
            {"GITHUB_TRIGGERING_ACTOR", "triggering_actor"},
            {"GITHUB_EVENT_NAME", "event_name"},
            {"GITHUB_SERVER_URL", "server_url"},
            {"GITHUB_API_URL", "api_url"},
            {"GITHUB_GRAPHQL_URL", "graphql_url"},
            {"GITHUB_HEAD_REF", "head_ref"},
            {"GITHUB_BASE_REF", "base_ref"},
            {"GITHUB_WORKFLOW_REF", "workflow_ref"},
            {"GITHUB_WORKFLOW_SHA", "workflow_sha"},
            {"GITHUB_REPOSITORY_ID", "repository_id"},
            {"GITHUB_ACTOR_ID", "actor_id"},
            {"GITHUB_REPOSITORY_OWNER_ID", "repository_owner_id"},
            {"GITHUB_REF_PROTECTED", "ref_protected"},
            {"GITHUB_RETENTION_DAYS", "retention_days"}
        };
        for (String[] pair : fromGithub) {
            env.put(pair[0], str(github, pair[1]));
        }
        env.put("RUNNER_OS", "Linux");
        env.put("RUNNER_ARCH", "X64");
        env.put("RUNNER_NAME", options.runnerName());
        env.put("RUNNER_ENVIRONMENT", "self-hosted");
        env.put("RUNNER_TEMP", request.runnerTemp().toString());
        env.put("RUNNER_WORKSPACE", workspaceParent(request));
        env.put("RUNNER_TOOL_CACHE", options.toolCache().toString());
        if (options.debug()) {
            env.put("RUNNER_DEBUG", "1");
        }
        env.putAll(options.idTokens().variables());
        return env;
    }

    /**
     * {@code runner.workspace}: the directory above {@code GITHUB_WORKSPACE} ({@code <work>/<repo>}), where GitHub's
     * old CMake starter workflow and many C/C++ projects make their build directory.
     */
    private static String workspaceParent(JobRequest request) {
        Path parent = request.workspace().toAbsolutePath().getParent();
        return (parent == null ? request.workspace().toAbsolutePath() : parent).toString();
    }

    private static String str(Value obj, String key) {
        if (obj instanceof Value.Obj o) {
            return o.get(key).map(Values::toStr).orElse("");
        }
        return "";
    }
}
