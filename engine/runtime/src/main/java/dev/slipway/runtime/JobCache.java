package dev.slipway.runtime;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A job's admission to the {@link CacheService}, asked for when its first action runs (most jobs have none, and a
 * service costs a server) and closed when the job ends. Thread-safe: background steps share it.
 */
final class JobCache implements AutoCloseable {
    private final CacheService service;
    private CacheService.@Nullable Admission admission;
    private boolean closed;

    JobCache(CacheService service) {
        this.service = service;
    }

    /**
     * The variables for an action of the job ({@code job} says what it may do); a service that cannot start is warned
     * about once, then left out.
     */
    synchronized Map<String, String> variables(Supplier<CacheService.Job> job, StepLog log) {
        if (closed) {
            return Map.of();
        }
        if (admission == null) {
            try {
                admission = service.admit(job.get());
            } catch (IOException | RuntimeException e) {
                log.warning("the cache service for actions is not available (" + e.getMessage()
                        + "); actions that cache through @actions/cache will skip caching");
                admission = CacheService.Admission.NONE;
            }
        }
        return admission.variables();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (admission != null) {
            admission.close();
        }
    }
}
