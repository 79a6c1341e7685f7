package dev.slipway.executor.docker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Connects to the real engine (Podman's Docker-compatible socket on CI) and cleans up the jobs a test prepared. */
abstract class EngineFixture {
    static final String BUSYBOX = "localhost/slipway/busybox:latest";
    static final String BOOKWORM = "localhost/slipway/bookworm:latest";
    static final String REDIS = "localhost/slipway/redis:latest";
    static final Map<String, String> PATH =
            Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    static DockerExecutor executor;

    @TempDir
    Path dir;

    final List<JobHandle> jobs = new ArrayList<>();

    @BeforeAll
    static void connect() throws ExecutorException {
        assumeTrue(
                Files.exists(Path.of("/run/podman/podman.sock")) || Files.exists(Path.of("/var/run/docker.sock")),
                "no container engine socket (/run/podman/podman.sock or /var/run/docker.sock): container ITs skipped");
        executor = DockerExecutor.create(Optional.empty());
    }

    @AfterAll
    static void close() {
        if (executor != null) {
            executor.close();
        }
    }

    @AfterEach
    void destroyJobs() {
        jobs.forEach(executor::destroyJob);
    }

    record Ran(List<String> lines, StepExit exit) {}

    JobHandle prepare(JobSpec spec) throws ExecutorException {
        JobHandle job = executor.prepareJob(spec);
        jobs.add(job);
        return job;
    }

    JobSpec spec(Optional<String> image, Optional<ContainerSpec> container, List<ServiceSpec> services)
            throws IOException {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path temp = Files.createDirectories(dir.resolve("temp"));
        return new JobSpec(
                "it-" + UUID.randomUUID().toString().substring(0, 8), ws, temp, Map.of(), image, container, services);
    }

    static Ran run(JobHandle job, StepSpec step) throws Exception {
        StepHandle handle = executor.startStep(job, step);
        List<String> lines = new ArrayList<>();
        executor.logs(handle, lines::add);
        return new Ran(lines, executor.awaitStep(handle, Duration.ofSeconds(60)));
    }

    static StepSpec sh(JobHandle job, String script, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(PATH);
        all.putAll(job.stepEnvironment());
        all.putAll(env);
        return new StepSpec("step", List.of("sh", "-c", script), job.spec().workspace(), all);
    }
}
