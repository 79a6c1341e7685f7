package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Ports;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle.ServiceInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Waits for a service container to become healthy and reads its published ports.
 *
 * <p>The engine's own health status is used when it reports one. Podman runs health checks from systemd timers, so
 * without systemd the status stays {@code starting} forever; therefore the executor also runs the health command
 * itself (an exec of {@code sh -c <cmd>}) with Docker's timing rules: checks every interval, failures during the start
 * period do not count, {@code retries} consecutive failures make the service unhealthy.
 */
final class Services {
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int DEFAULT_RETRIES = 3;
    private static final int LOG_LINES = 30;

    private Services() {}

    static ServiceInfo info(DockerClient client, String id, String containerId, String network) {
        InspectContainerResponse inspect =
                client.inspectContainerCmd(containerId).exec();
        Map<String, String> ports = new TreeMap<>();
        Ports published = inspect.getNetworkSettings().getPorts();
        if (published != null) {
            for (Map.Entry<ExposedPort, Ports.Binding[]> e :
                    published.getBindings().entrySet()) {
                if (e.getValue() != null && e.getValue().length > 0) {
                    ExposedPort p = e.getKey();
                    String key = p.getProtocol().toString().equals("tcp")
                            ? Integer.toString(p.getPort())
                            : p.getPort() + "/" + p.getProtocol();
                    ports.put(key, e.getValue()[0].getHostPortSpec());
                }
            }
        }
        return new ServiceInfo(id, containerId, network, ports);
    }

    /** Returns when the service is healthy (or has no health check); throws naming it, with its logs, otherwise. */
    static void awaitHealthy(DockerClient client, String id, String containerId, ContainerOptions.Health options)
            throws ExecutorException {
        InspectContainerResponse first = client.inspectContainerCmd(containerId).exec();
        Optional<HealthCheck> configured = Optional.ofNullable(first.getConfig().getHealthcheck());
        Optional<String> command = options.command().or(() -> configured.flatMap(Services::shellCommand));
        if (command.isEmpty()) {
            // No health check: ready once running, as Docker has it. Podman's Docker API reports a health state
            // for such a container too, one that never changes, so waiting on it hung the job for ever.
            ensureRunning(client, id, containerId, first);
            return;
        }
        Duration interval = options.interval().orElse(DEFAULT_INTERVAL);
        Duration timeout = options.timeout().orElse(DEFAULT_TIMEOUT);
        int retries = options.retries().orElse(DEFAULT_RETRIES);
        long startedAt = System.nanoTime();
        long startPeriodEnd =
                startedAt + options.startPeriod().orElse(Duration.ZERO).toNanos();
        int failures = 0;
        String lastOutput = "";
        while (true) {
            InspectContainerResponse inspect =
                    client.inspectContainerCmd(containerId).exec();
            ensureRunning(client, id, containerId, inspect);
            HealthState health = inspect.getState().getHealth();
            String status = health == null ? "" : String.valueOf(health.getStatus());
            if (status.equals("healthy")) {
                return;
            }
            if (status.equals("unhealthy")) {
                throw unhealthy(client, id, containerId, "the engine reports it unhealthy");
            }
            if (command.isPresent()) {
                HealthProbe.Result result = HealthProbe.run(client, containerId, command.get(), timeout);
                if (result.passed()) {
                    return;
                }
                lastOutput = result.output();
                if (System.nanoTime() - startPeriodEnd >= 0 && ++failures >= retries) {
                    throw unhealthy(
                            client,
                            id,
                            containerId,
                            "health check '" + command.get() + "' failed " + failures + " times"
                                    + (lastOutput.isBlank() ? "" : " (last output: " + lastOutput.strip() + ")"));
                }
            }
            sleep(interval);
        }
    }

    private static Optional<String> shellCommand(HealthCheck check) {
        List<String> test = check.getTest();
        if (test == null || test.isEmpty() || test.get(0).equals("NONE")) {
            return Optional.empty();
        }
        if (test.get(0).equals("CMD-SHELL") && test.size() > 1) {
            return Optional.of(test.get(1));
        }
        if (test.get(0).equals("CMD")) {
            return Optional.of(String.join(
                    " ",
                    test.subList(1, test.size()).stream().map(Services::quote).toList()));
        }
        return Optional.empty();
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void ensureRunning(
            DockerClient client, String id, String containerId, InspectContainerResponse inspect)
            throws ExecutorException {
        if (!Boolean.TRUE.equals(inspect.getState().getRunning())) {
            throw unhealthy(
                    client,
                    id,
                    containerId,
                    "its container exited with code " + inspect.getState().getExitCodeLong());
        }
    }

    private static ExecutorException unhealthy(DockerClient client, String id, String containerId, String why) {
        List<String> logs = lastLogLines(client, containerId);
        return new ExecutorException("service '" + id + "' did not become healthy: " + why
                + (logs.isEmpty() ? " (it printed nothing)" : "; its last log lines:\n  " + String.join("\n  ", logs)));
    }

    static List<String> lastLogLines(DockerClient client, String containerId) {
        FrameOutput output = new FrameOutput(false);
        List<String> lines = new ArrayList<>();
        try {
            client.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(LOG_LINES)
                    .exec(output);
            Optional<String> line;
            while ((line = output.lines().take()).isPresent()) {
                lines.add(line.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lines.add("(cannot read its logs: " + e.getMessage() + ")");
        }
        return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
    }

    private static void sleep(Duration d) throws ExecutorException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException("interrupted while waiting for services", e);
        }
    }
}
