package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.ServiceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts a job's services (then awaits their health) and its job container. */
final class JobSetup {
    private JobSetup() {}

    static void startServices(DockerClient client, DockerJob job, List<ContainerOptions> options)
            throws ExecutorException {
        List<ServiceSpec> services = job.spec().services();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceSpec s = services.get(i);
            ContainerSpec c = s.container();
            Images.ensure(client, c.image(), c.credentials());
            String id = Containers.create(
                    client,
                    job,
                    new Containers.Request(
                            job.name() + "-" + Labels.sanitize(s.id()),
                            c.image(),
                            c.env(),
                            c.ports(),
                            c.volumes(),
                            options.get(i),
                            List.of(),
                            c.command().map(ShellWords::split).orElse(List.of()),
                            c.entrypoint().map(List::of),
                            Optional.empty(),
                            job.networkMode(),
                            List.of(s.id())));
            client.startContainerCmd(id).exec();
            ids.add(id);
        }
        // All services start at once; then each is awaited.
        for (int i = 0; i < services.size(); i++) {
            String id = services.get(i).id();
            Services.awaitHealthy(client, id, ids.get(i), options.get(i).health());
            job.addService(Services.info(client, id, ids.get(i), job.networkMode()));
        }
    }

    static void startJobContainer(
            Engine engine, DockerJob job, ContainerSpec main, ContainerOptions options, List<String> keepAlive)
            throws ExecutorException {
        DockerClient client = engine.client();
        Images.ensure(client, main.image(), main.credentials());
        String id = Containers.create(
                client,
                job,
                new Containers.Request(
                        job.name() + "-job",
                        main.image(),
                        main.env(),
                        main.ports(),
                        main.volumes(),
                        options,
                        binds(engine, job),
                        List.of(),
                        Optional.of(keepAlive),
                        Optional.of(job.spec().workspace().toString()),
                        job.networkMode(),
                        List.of()));
        client.startContainerCmd(id).exec();
        job.jobContainer(id);
        var state = client.inspectContainerCmd(id).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw new ExecutorException("the job container from '" + main.image() + "' stopped right away (exit code "
                    + state.getExitCodeLong() + "; it needs sh): "
                    + String.join("\n", Services.lastLogLines(client, id)));
        }
        engine.socket()
                .ifPresent(s ->
                        job.stepEnvironment(Map.of("DOCKER_HOST", "unix://" + DockerExecutor.SOCKET_IN_CONTAINER)));
        if (engine.socket().isEmpty()) {
            job.stepEnvironment(Map.of("DOCKER_HOST", engine.host()));
        }
    }

    /** Workspace and runner temp at the same paths (no path translation), and the engine socket. */
    static List<Bind> binds(Engine engine, DockerJob job) {
        List<Bind> binds = new ArrayList<>();
        for (Path p : List.of(job.spec().workspace(), job.spec().runnerTemp())) {
            String abs = p.toAbsolutePath().toString();
            binds.add(new Bind(abs, new Volume(abs), AccessMode.rw));
        }
        engine.socket()
                .ifPresent(s -> binds.add(new Bind(s.toString(), new Volume(DockerExecutor.SOCKET_IN_CONTAINER))));
        return binds;
    }
}
