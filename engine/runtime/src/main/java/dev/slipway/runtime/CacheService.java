package dev.slipway.runtime;

import dev.slipway.actions.CacheScope;
import java.io.IOException;
import java.util.Map;

/**
 * GitHub's cache service, as Node.js actions reach it through {@code @actions/cache} ({@code ACTIONS_CACHE_URL} and
 * {@code ACTIONS_RUNTIME_TOKEN}, which GitHub's runner gives actions but not {@code run} steps). The runtime knows no
 * HTTP: whoever runs jobs ({@code slipway run}, an agent) serves it, and the runtime admits a job the first time one
 * of its actions runs, closing the admission when the job ends.
 */
@FunctionalInterface
public interface CacheService {
    /** No service: actions find none and skip caching, as they do on a runner without one. */
    CacheService NONE = job -> Admission.NONE;

    /**
     * Lets one job's actions use the service until the returned admission is closed. Called from the job's thread.
     *
     * @throws IOException when the service cannot be reached or started (the job's actions then get no service)
     */
    Admission admit(Job job) throws IOException;

    /**
     * A job's claim on the cache.
     *
     * @param jobKey the job attempt, for the service's own bookkeeping
     * @param scope where the job restores from and saves to
     * @param restore whether its {@code cache-mode} lets it restore
     * @param save whether its {@code cache-mode} lets it save
     * @param mode the {@code cache-mode} as the workflow names it, for messages
     */
    record Job(String jobKey, CacheScope scope, boolean restore, boolean save, String mode) {}

    /** The variables an admitted job's actions get; closing it revokes them and drops unfinished uploads. */
    interface Admission extends AutoCloseable {
        /** No service. */
        Admission NONE = new Admission() {
            @Override
            public Map<String, String> variables() {
                return Map.of();
            }

            @Override
            public void close() {}
        };

        /** {@code ACTIONS_CACHE_URL} and {@code ACTIONS_RUNTIME_TOKEN}, or nothing. */
        Map<String, String> variables();

        @Override
        void close();
    }
}
