package dev.slipway.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ProcessOwners;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Services, Docker actions, docker-in-job, cancellation, cleanup and reaping against the real engine. */
class DockerServicesIT extends EngineFixture {

    static ContainerSpec redis(String options) {
        return new ContainerSpec(REDIS, Map.of(), List.of("6379"), List.of(), Optional.of(options), Optional.empty());
    }

    @Test
    void redisServiceAnswersByHostnameFromTheJobAndByMappedPortFromTheHost() throws Exception {
        JobHandle job = prepare(spec(
                Optional.of(REDIS),
                Optional.empty(),
                List.of(new ServiceSpec(
                        "redis", redis("--health-cmd 'redis-cli ping' --health-interval 500ms --health-retries 20")))));

        Ran ran = run(job, sh(job, "redis-cli -h redis ping", Map.of()));
        assertThat(ran.lines()).containsExactly("PONG");
        assertThat(ran.exit().succeeded()).isTrue();

        String hostPort = job.services().get("redis").ports().get("6379");
        assertThat(job.services().get("redis").network()).startsWith("slipway-");
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(hostPort))) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aServiceWithoutAHealthCheckIsReadyOnceItRuns() throws Exception {
        // Podman's Docker API reports a health state even for a container without a health check, one that never
        // changes: the job waited for it for ever (Docker trial, fault 1)
        JobHandle job =
                prepare(spec(Optional.of(REDIS), Optional.empty(), List.of(new ServiceSpec("redis", redis("")))));

        Ran ran = run(
                job,
                sh(
                        job,
                        "for i in 1 2 3 4 5 6 7 8 9 10; do redis-cli -h redis ping && break; sleep 0.3; done",
                        Map.of()));
        assertThat(ran.lines()).contains("PONG");
    }

    @Test
    void aServiceThatNeverBecomesHealthyFailsNamingItWithItsLogs() throws Exception {
        JobSpec spec = spec(
                Optional.of(BUSYBOX),
                Optional.empty(),
                List.of(
                        new ServiceSpec(
                                "cache",
                                redis(
                                        "--health-cmd \"echo probe-failed; exit 1\" --health-interval 200ms --health-retries 3"))));
        assertThatThrownBy(() -> executor.prepareJob(spec))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("service 'cache' did not become healthy")
                .hasMessageContaining("failed 3 times")
                .hasMessageContaining("probe-failed")
                .hasMessageContaining("Ready to accept connections");
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).isEmpty();
    }

    @Test
    void anInterruptEndsTheWaitForAServiceAndLeavesNothingBehind() throws Exception {
        // a cancel interrupts the job's thread while it prepares: the wait ends, what was started is removed
        JobSpec spec = spec(
                Optional.of(BUSYBOX),
                Optional.empty(),
                List.of(new ServiceSpec(
                        "cache", redis("--health-cmd \"exit 1\" --health-interval 200ms --health-retries 100000"))));
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var preparing = Thread.ofPlatform().start(() -> {
            try {
                executor.prepareJob(spec);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (EngineState.resourcesOf(executor.client(), spec.jobKey()).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100); // the network and the service's container exist: the health wait has begun
        }
        preparing.interrupt();
        preparing.join(Duration.ofSeconds(60));

        assertThat(preparing.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(ExecutorException.class);
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).isEmpty();
    }

    @Test
    void dockerActionBuiltFromADockerfileGetsArgsEnvAndWritesOutputs() throws Exception {
        Path context = Files.createDirectories(dir.resolve("action"));
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + BUSYBOX + "\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n");
        Path script = context.resolve("entrypoint.sh");
        Files.writeString(
                script,
                "#!/bin/sh\necho \"hello $1 from $INPUT_WHO\"\necho \"greeting=hi $1\" >> \"$GITHUB_OUTPUT\"\n");
        script.toFile().setExecutable(true);
        List<String> build = new ArrayList<>();
        String image = executor.buildImage(context, "Dockerfile", "slipway-it-action:1", build::add);
        List<String> again = new ArrayList<>();
        String cached = executor.buildImage(context, "Dockerfile", "slipway-it-action:1", again::add);

        assertThat(image).startsWith("slipway-action:").hasSize("slipway-action:".length() + 64);
        assertThat(cached).isEqualTo(image);
        assertThat(again).containsExactly("Using cached image " + image);

        JobHandle job = prepare(spec(Optional.of(BUSYBOX), Optional.empty(), List.of()));
        Path output = job.spec().runnerTemp().resolve("output.txt");
        StepSpec step = new StepSpec(
                "action",
                List.of("world"),
                job.spec().workspace(),
                Map.of("INPUT_WHO", "slipway", "GITHUB_OUTPUT", output.toString()),
                Optional.of(new StepSpec.StepContainer(image, Optional.empty())));
        Ran ran = run(job, step);

        assertThat(ran.exit()).isEqualTo(StepExit.of(0));
        assertThat(ran.lines()).containsExactly("hello world from slipway");
        assertThat(output).hasContent("greeting=hi world");
        assertThat(executor.client()
                        .listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(Labels.JOB, job.spec().jobKey()))
                        .exec())
                .hasSize(1); // only the job container: the action's is removed
    }

    @Test
    void aStepRunsDockerBuildAgainstTheSameEngine() throws Exception {
        // The job container gets the host's docker CLI mounted; the executor mounts the engine socket.
        ContainerSpec c = new ContainerSpec(
                BOOKWORM,
                Map.of(),
                List.of(),
                List.of("/usr/local/bin/docker:/usr/local/bin/docker:ro"),
                Optional.empty(),
                Optional.empty());
        JobHandle job = prepare(spec(Optional.empty(), Optional.of(c), List.of()));
        String tag = "localhost/slipway-it-inner:" + job.spec().jobKey();
        Ran ran = run(
                job,
                sh(
                        job,
                        "printf 'FROM " + BUSYBOX + "\\nRUN echo built > /built\\n' > Dockerfile && docker build -q -t "
                                + tag + " . && docker run --rm " + tag + " cat /built",
                        Map.of("DOCKER_BUILDKIT", "0", "HOME", "/tmp")));
        try {
            assertThat(ran.exit().exitCode()).as(String.join("\n", ran.lines())).isZero();
            assertThat(ran.lines()).last().isEqualTo("built");
            assertThat(Images.present(executor.client(), tag)).isTrue();
        } finally {
            Steps.quietly(
                    () -> executor.client().removeImageCmd(tag).withForce(true).exec());
        }
    }

    @Test
    void destroyStepKillsTheStepsProcessTree() throws Exception {
        JobHandle job = prepare(spec(Optional.of(BUSYBOX), Optional.empty(), List.of()));
        StepHandle step = executor.startStep(job, sh(job, "echo started; sleep 1000 & sleep 1000", Map.of()));
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> executor.logs(step, lines::add));
        assertThat(executor.awaitStep(step, Duration.ofSeconds(1)).timedOut()).isTrue();

        long start = System.nanoTime();
        executor.destroyStep(step);
        StepExit exit = executor.awaitStep(step, Duration.ofSeconds(10));
        reader.join(Duration.ofSeconds(5));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(exit.killed()).isTrue();
        assertThat(exit.timedOut()).isFalse();
        assertThat(reader.isAlive()).isFalse();
        assertThat(lines).containsExactly("started");
        assertThat(millis).isLessThan(5_000);
        Ran ps = run(job, sh(job, "cat /proc/[0-9]*/cmdline | tr '\\0' ' '", Map.of()));
        assertThat(String.join("\n", ps.lines())).doesNotContain("sleep 1000");
        executor.destroyStep(step); // idempotent
    }

    @Test
    void destroyJobLeavesNoContainerNetworkOrVolumeAndIsIdempotent() throws Exception {
        String volume = "slipway-it-" + System.nanoTime();
        ContainerSpec c = new ContainerSpec(
                BUSYBOX, Map.of(), List.of(), List.of(volume + ":/data", "/anon"), Optional.empty(), Optional.empty());
        JobSpec spec = spec(
                Optional.empty(),
                Optional.of(c),
                List.of(new ServiceSpec("redis", redis("--health-cmd 'redis-cli ping' --health-interval 500ms"))));
        JobHandle job = executor.prepareJob(spec);
        StepHandle running = executor.startStep(job, sh(job, "sleep 1000", Map.of()));
        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).hasSize(5);

        executor.destroyJob(job);
        executor.destroyJob(job);

        assertThat(EngineState.resourcesOf(executor.client(), spec.jobKey())).isEmpty();
        assertThat(executor.awaitStep(running, Duration.ofSeconds(10)).killed()).isTrue();
        executor.destroyStep(running);
    }

    @Test
    void reapOrphansRemovesLeftoversOfDeadOwnersOnly() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String key = "it-reap-" + System.nanoTime();
        Map<String, String> dead = Map.of(
                Labels.JOB, key, Labels.MANAGED, "true", Labels.OWNER, gone.pid() + "@" + ProcessOwners.hostName());
        var client = executor.client();
        client.createNetworkCmd().withName(key).withLabels(dead).exec();
        client.createVolumeCmd().withName(key).withLabels(dead).exec();
        client.createContainerCmd(BUSYBOX).withName(key).withLabels(dead).exec();
        String alive = "it-alive-" + System.nanoTime();
        client.createVolumeCmd().withName(alive).withLabels(Labels.of(alive)).exec();
        try {
            int removed = executor.reapOrphans();

            assertThat(removed).isGreaterThanOrEqualTo(3);
            assertThat(EngineState.resourcesOf(client, key)).isEmpty();
            assertThat(EngineState.resourcesOf(client, alive)).hasSize(1);
        } finally {
            Steps.quietly(() -> client.removeVolumeCmd(alive).exec());
        }
    }

    @Test
    void connectingRemovesLeftoversOfDeadOwnersInTheBackground() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String key = "it-reap-bg-" + System.nanoTime();
        var client = executor.client();
        client.createVolumeCmd()
                .withName(key)
                .withLabels(Map.of(
                        Labels.JOB,
                        key,
                        Labels.MANAGED,
                        "true",
                        Labels.OWNER,
                        gone.pid() + "@" + ProcessOwners.hostName()))
                .exec();
        Thread reaper = executor.reapInBackground();
        reaper.join(Duration.ofSeconds(30));

        assertThat(reaper.isAlive()).isFalse();
        assertThat(EngineState.resourcesOf(client, key)).isEmpty();
    }
}
