package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.ExecutorException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The copies of a job's workspace and runner temp into its pod before a step and back after it, one at a time per job;
 * the workspace goes in only when the host changed it since the last copy (a built-in action such as checkout or a
 * cache restore ran on the host).
 */
final class JobCopies {
    private final PodFiles files;
    private final Function<KubeJob, ContainerResource> container;

    JobCopies(PodFiles files, Function<KubeJob, ContainerResource> container) {
        this.files = files;
        this.container = container;
    }

    /** Copies runner temp (with {@code extra} files in it) and, when the host changed it, the workspace in. */
    void in(KubeJob job, List<Path> extra) throws ExecutorException {
        Path workspace = job.spec().workspace();
        job.syncLock().lock();
        try {
            long now = WorkspaceSync.fingerprint(workspace);
            List<Path> dirs = job.synced().equals(Optional.of(now))
                    ? List.of(job.spec().runnerTemp())
                    : List.of(workspace, job.spec().runnerTemp());
            files.up(container.apply(job), dirs);
            job.synced(Optional.of(now));
        } catch (IOException | RuntimeException e) {
            job.synced(Optional.empty());
            throw new ExecutorException("cannot copy the workspace into pod " + job.pod() + ": " + Labels.reason(e), e);
        } finally {
            job.syncLock().unlock();
            for (Path p : extra) {
                deleteQuietly(p);
            }
        }
    }

    void out(KubeJob job) throws IOException {
        job.syncLock().lock();
        try {
            job.synced(Optional.empty());
            files.down(
                    container.apply(job),
                    List.of(job.spec().workspace(), job.spec().runnerTemp()));
            job.synced(Optional.of(WorkspaceSync.fingerprint(job.spec().workspace())));
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            job.syncLock().unlock();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // runner temp is removed with the job by the runtime
        }
    }
}
