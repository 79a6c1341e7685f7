package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed workflow file. Strings that may hold {@code ${{ }}} expressions are kept verbatim; they are evaluated by the
 * planner or the runtime when their contexts exist.
 *
 * @param path the file's path relative to the repository root, e.g. {@code .github/workflows/ci.yml}
 * @param name the {@code name:} or empty
 * @param runName the {@code run-name:} template or empty
 * @param on the triggers, keyed by event name in file order
 * @param env workflow-level {@code env}
 * @param defaults workflow-level {@code defaults.run}
 * @param concurrency workflow-level {@code concurrency}
 * @param jobs the jobs keyed by id, in file order
 * @param cacheMode workflow-level {@code cache-mode}
 * @param permissions workflow-level {@code permissions} (empty: not given)
 * @param span where the document starts
 */
public record Workflow(
        String path,
        Optional<String> name,
        Optional<String> runName,
        Map<String, Trigger> on,
        Map<String, String> env,
        Defaults defaults,
        Optional<Concurrency> concurrency,
        Map<String, Job> jobs,
        Optional<CacheMode> cacheMode,
        Optional<TokenPermissions> permissions,
        SourceSpan span) {

    /**
     * This workflow as a job of another calls it: every job's {@code cache-mode} limited to what {@code cacheCeiling}
     * allows, and its token's permissions to {@code caller}'s (a called workflow that does not set them inherits the
     * caller's, as on GitHub).
     */
    public Workflow calledWith(CacheMode cacheCeiling, TokenPermissions caller, String eventName) {
        Map<String, Job> limited = new java.util.LinkedHashMap<>();
        jobs.forEach((id, job) -> limited.put(
                id,
                job.withCacheMode(CacheMode.of(job, this, eventName).within(cacheCeiling))
                        .withPermissions(job.permissions()
                                .or(this::permissions)
                                .map(p -> p.within(caller))
                                .orElse(caller))));
        return new Workflow(
                path,
                name,
                runName,
                on,
                env,
                defaults,
                concurrency,
                limited,
                Optional.of(cacheMode.orElse(CacheMode.WRITE).within(cacheCeiling)),
                Optional.of(permissions.map(p -> p.within(caller)).orElse(caller)),
                span);
    }

    /**
     * This workflow with {@code fallback} as its {@code permissions} when it sets none: a server's default for the
     * tokens of workflows that do not say (GitHub's organisation and repository setting).
     */
    public Workflow withDefaultPermissions(TokenPermissions fallback) {
        if (permissions.isPresent()) {
            return this;
        }
        return new Workflow(
                path, name, runName, on, env, defaults, concurrency, jobs, cacheMode, Optional.of(fallback), span);
    }

    /** The display name GitHub shows: {@code name:} or else the file path. */
    public String displayName() {
        return name.orElse(path);
    }
}
