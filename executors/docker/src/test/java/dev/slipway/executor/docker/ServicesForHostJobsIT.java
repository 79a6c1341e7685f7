package dev.slipway.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Host jobs with services: services from the engine, steps on this machine. */
class ServicesForHostJobsIT extends EngineFixture {
    static final String HEALTHY = "--health-cmd 'redis-cli ping' --health-interval 500ms --health-retries 20";

    final Executor combined = executor.withHostSteps(HostExecutor.create(Duration.ofMillis(500)));
    final List<JobHandle> prepared = new ArrayList<>();

    @AfterEach
    void destroyPrepared() {
        prepared.forEach(combined::destroyJob);
    }

    JobHandle prepareCombined(JobSpec spec) throws Exception {
        JobHandle job = combined.prepareJob(spec);
        prepared.add(job);
        return job;
    }

    Ran runCombined(JobHandle job, StepSpec step) throws Exception {
        StepHandle handle = combined.startStep(job, step);
        List<String> lines = new ArrayList<>();
        combined.logs(handle, lines::add);
        return new Ran(lines, combined.awaitStep(handle, Duration.ofSeconds(60)));
    }

    static StepSpec bash(JobHandle job, String script) {
        return new StepSpec("step", List.of("bash", "-c", script), job.spec().workspace(), PATH);
    }

    static ServiceSpec redisService() {
        return new ServiceSpec(
                "redis",
                new ContainerSpec(REDIS, Map.of(), List.of("6379"), List.of(), Optional.of(HEALTHY), Optional.empty()));
    }

    @Test
    void aHostStepReachesItsRedisServiceOnTheLoopbackMappedPort() throws Exception {
        Path hostOnly = Files.writeString(dir.resolve("host-only.txt"), "on the host");
        JobHandle job = prepareCombined(spec(Optional.empty(), Optional.empty(), List.of(redisService())));

        JobHandle.ServiceInfo redis = job.services().get("redis");
        String port = redis.ports().get("6379");
        Ran ran = runCombined(
                job,
                bash(
                        job,
                        "cat " + hostOnly + "; echo; exec 3<>/dev/tcp/127.0.0.1/" + port
                                + "; printf 'PING\\r\\n' >&3; head -c 7 <&3"));

        assertThat(ran.exit().succeeded()).as(String.join("\n", ran.lines())).isTrue();
        assertThat(ran.lines()).containsExactly("on the host", "+PONG");
        assertThat(redis.network()).startsWith("slipway-");
        Ports.Binding[] bindings = executor.client()
                .inspectContainerCmd(redis.containerId())
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings()
                .get(ExposedPort.tcp(6379));
        assertThat(bindings).extracting(Ports.Binding::getHostIp).containsOnly("127.0.0.1");
        assertThat(bindings).extracting(Ports.Binding::getHostPortSpec).containsOnly(port);
    }

    @Test
    void aDockerActionOfAHostJobRunsOnTheServicesNetwork() throws Exception {
        JobHandle job = prepareCombined(spec(Optional.empty(), Optional.empty(), List.of(redisService())));
        StepSpec action = new StepSpec(
                "action",
                List.of("redis-cli", "-h", "redis", "ping"),
                job.spec().workspace(),
                Map.of(),
                Optional.of(new StepSpec.StepContainer(REDIS, Optional.empty())));

        Ran ran = runCombined(job, action);

        assertThat(ran.lines()).containsExactly("PONG");
        assertThat(ran.exit().succeeded()).isTrue();
    }

    @Test
    void destroyJobKillsTheHostStepsAndRemovesTheServicesAndIsIdempotent() throws Exception {
        JobSpec spec = spec(Optional.empty(), Optional.empty(), List.of(redisService()));
        JobHandle job = combined.prepareJob(spec);
        StepHandle running = combined.startStep(job, bash(job, "sleep 1000"));
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).hasSize(2);

        combined.destroyJob(job);
        combined.destroyJob(job);

        assertThat(combined.awaitStep(running, Duration.ofSeconds(10)).killed()).isTrue();
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).isEmpty();
    }

    @Test
    void aHostJobWithoutServicesNeverReachesTheEngineAndAContainerJobRunsInIt() throws Exception {
        JobHandle host = prepareCombined(spec(Optional.empty(), Optional.empty(), List.of()));
        Ran onHost = runCombined(
                host, bash(host, "test -e /run/podman/podman.sock -o -e /var/run/docker.sock && echo host"));

        assertThat(host.services()).isEmpty();
        assertThat(onHost.lines()).containsExactly("host");
        assertThat(EngineState.resourcesOf(executor.client(), host.spec().jobKey()))
                .isEmpty();

        JobHandle container = prepareCombined(spec(Optional.of(BUSYBOX), Optional.empty(), List.of()));
        Ran inContainer =
                runCombined(container, sh(container, "test -e /run/podman/podman.sock || echo container", Map.of()));

        assertThat(inContainer.lines()).containsExactly("container");
        // a job without services gets no network of its own: only its container
        assertThat(EngineState.resourcesOf(executor.client(), container.spec().jobKey()))
                .singleElement()
                .asString()
                .startsWith("container ");
    }

    @Test
    void aDockerActionOfAPlainHostJobGetsAnEngineJobOnlyForItselfAndLeavesNothing() throws Exception {
        JobSpec spec = spec(Optional.empty(), Optional.empty(), List.of());
        JobHandle job = combined.prepareJob(spec);
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).isEmpty();
        StepSpec action = new StepSpec(
                "action",
                List.of("echo", "from an action container"),
                job.spec().workspace(),
                Map.of(),
                Optional.of(new StepSpec.StepContainer(BUSYBOX, Optional.empty())));

        Ran ran = runCombined(job, action);
        combined.destroyJob(job);

        assertThat(ran.lines()).containsExactly("from an action container");
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).isEmpty();
    }

    @Test
    void withoutAnEngineHostJobsStillRunAndContainerJobsFailClearly() throws Exception {
        var host = dev.slipway.executor.host.HostExecutor.create();
        var onDemand = DockerExecutor.connectingOnDemand("host", Optional.of("unix:///nonexistent/docker.sock"), host);
        JobSpec plain = spec(Optional.empty(), Optional.empty(), List.of());
        JobHandle job = onDemand.prepareJob(plain);
        StepHandle step = onDemand.startStep(job, bash(job, "echo fine"));
        List<String> lines = new java.util.ArrayList<>();
        onDemand.logs(step, lines::add);
        assertThat(onDemand.awaitStep(step, Duration.ofSeconds(10)).succeeded()).isTrue();
        onDemand.destroyJob(job);
        assertThat(lines).containsExactly("fine");

        JobSpec inContainer = spec(Optional.of(BUSYBOX), Optional.empty(), List.of());
        assertThatThrownBy(() -> onDemand.prepareJob(inContainer))
                .isInstanceOf(dev.slipway.runtime.spi.ExecutorException.class)
                .hasMessageContaining("/nonexistent/docker.sock");
    }
}
