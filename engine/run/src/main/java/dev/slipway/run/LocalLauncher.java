package dev.slipway.run;

import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobRequest;
import dev.slipway.runtime.JobResult;
import dev.slipway.runtime.JobRunner;
import dev.slipway.runtime.spi.Executor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs job instances on this machine: picks the executor the {@code runs-on} labels map to (a container engine for
 * jobs with {@code container:} or {@code services:}), creates the workspace and hands the job to that executor's
 * {@link JobRunner}. Used by {@code slipway run} and by every agent, embedded or remote.
 */
public final class LocalLauncher implements JobLauncher {
    private final Platforms platforms;
    private final Function<Executor, JobRunner> runnerFactory;
    private final Map<Executor, JobRunner> runners = new ConcurrentHashMap<>();

    /**
     * @param platforms the runs-on label mapping
     * @param runnerFactory creates the job runner of an executor (called once per executor)
     */
    public LocalLauncher(Platforms platforms, Function<Executor, JobRunner> runnerFactory) {
        this.platforms = platforms;
        this.runnerFactory = runnerFactory;
    }

    /** The label mapping jobs are resolved with. */
    public Platforms platforms() {
        return platforms;
    }

    @Override
    public JobResult launch(Launch launch, Cancellation cancel) {
        return switch (platforms.resolve(launch.labels())) {
            case Platforms.Resolution.Unmatched u ->
                JobResults.without(
                        Conclusion.FAILURE, JobResults.at(launch.job().spanOf("runs-on"), u.reason()));
            case Platforms.Resolution.Matched m -> {
                Executor executor = m.executor();
                boolean wantsContainers = launch.job().container().isPresent()
                        || !launch.job().services().isEmpty();
                if (wantsContainers && !executor.supportsContainers()) {
                    // container: and services: need a container engine whatever the label maps to, as on GitHub.
                    Executor containers = platforms.executors().get("docker");
                    if (containers != null) {
                        executor = containers;
                    }
                }
                Path workspace;
                Path temp;
                try {
                    workspace = JobDirs.workspace(launch.jobDir(), repositoryName(launch.repository()));
                    temp = JobDirs.temp(launch.jobDir());
                } catch (IOException e) {
                    yield JobResults.without(
                            Conclusion.FAILURE, "cannot create the job's workspace " + launch.jobDir() + ": " + e);
                }
                Map<String, String> labelMap = new LinkedHashMap<>();
                String executorName = executor.name();
                launch.labels().forEach(l -> labelMap.put(l, executorName));
                JobRequest request = new JobRequest(
                        launch.ref().key(),
                        launch.workflow(),
                        launch.job(),
                        launch.ref().name(),
                        launch.contexts(),
                        launch.secrets(),
                        launch.repoRoot(),
                        workspace,
                        temp,
                        labelMap,
                        m.image());
                var listener = launch.started().get();
                yield runners.computeIfAbsent(executor, runnerFactory).run(request, listener, cancel);
            }
        };
    }

    private static String repositoryName(String full) {
        String name = full.substring(full.indexOf('/') + 1);
        return name.isBlank() || name.equals(".") || name.equals("..") ? "workspace" : name;
    }
}
