package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers as replicas, against the real engine (Podman's Docker-compatible socket here). The image is built from
 * the local busybox image scripts/container-engine.sh imports (no registry): busybox httpd serving a {@code /health}
 * file and an index naming the version.
 */
class ContainerReplicasIT {
    static final String BUSYBOX = "localhost/slipway/busybox:latest";
    static final String IMAGE = "localhost/slipway/deploy-it-httpd:1";
    static final Readiness READINESS = new Readiness("/health", Duration.ofMillis(100), Duration.ofSeconds(20));

    static DockerClient engine;
    static ContainerReplicas runtime;

    final List<RolloutEvent> events = new ArrayList<>();
    final List<Deployer> deployers = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void buildImage(@TempDir Path context) throws Exception {
        assumeTrue(
                Files.exists(Path.of("/run/podman/podman.sock")) || Files.exists(Path.of("/var/run/docker.sock")),
                "no container engine socket (/run/podman/podman.sock or /var/run/docker.sock): container ITs skipped");
        engine = DockerEngine.connect(Optional.empty(), Optional.ofNullable(System.getenv("DOCKER_HOST")));
        assumeTrue(
                !engine.listImagesCmd().withImageNameFilter(BUSYBOX).exec().isEmpty(),
                BUSYBOX + " is missing: run scripts/container-engine.sh");
        Files.createDirectories(context.resolve("www"));
        Files.writeString(context.resolve("www/health"), "ok\n");
        Files.writeString(context.resolve("www/index.html"), "httpd 1\n");
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + BUSYBOX + "\nCOPY www /www\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n");
        engine.buildImageCmd(context.toFile())
                .withTags(Set.of(IMAGE))
                .withPull(false)
                .exec(new BuildImageResultCallback())
                .awaitImageId(120, TimeUnit.SECONDS);
        runtime = ContainerReplicas.connect(Optional.empty());
    }

    @AfterAll
    static void close() throws IOException {
        if (runtime != null) {
            runtime.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void removeLeftovers() {
        deployers.forEach(Deployer::close);
        for (Replica r : runtime.adopt("it/web")) {
            runtime.stop(r, Duration.ofSeconds(1));
        }
    }

    static Release release(int revision, String image) {
        return new Release(revision, "v" + revision, new Workload.Container(image, 8080), Map.of("GREETING", "hi"));
    }

    String get(URI url) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(url.resolve("/"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().strip();
    }

    Deployer deployer(ReplicaRuntime replicas) {
        Deployer d = Deployer.create(
                replicas,
                e -> {
                    synchronized (events) {
                        events.add(e);
                    }
                },
                InstantSource.system());
        deployers.add(d);
        return d;
    }

    @Test
    void startsALabelledContainerOnALoopbackPortAndStopsIt() throws Exception {
        Replica replica = runtime.start("it/web", release(3, IMAGE), 0);
        try (Prober prober = new Prober(runtime)) {
            long deadline = System.nanoTime() + READINESS.timeout().toNanos();
            assertThat(prober.await(Map.of(replica, deadline), READINESS, 1, r -> {}))
                    .isEmpty();
        }

        assertThat(replica.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(get(replica.endpoint())).isEqualTo("200 httpd 1");
        assertThat(runtime.alive(replica)).isTrue();
        var labels = engine.inspectContainerCmd(replica.id()).exec().getConfig().getLabels();
        assertThat(labels).containsEntry("slipway.service", "it/web").containsEntry("slipway.revision", "3");
        assertThat(runtime.adopt("it/web")).containsExactly(replica);

        runtime.stop(replica, Duration.ofSeconds(1));

        assertThat(runtime.alive(replica)).isFalse();
        assertThat(runtime.adopt("it/web")).isEmpty();
        runtime.stop(replica, Duration.ofSeconds(1)); // idempotent
    }

    @Test
    void containersOutliveTheDeployerAndAreAdoptedOnRestoreWhileProcessesStop(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/health"), "ok\n");
        Files.writeString(dir.resolve("www/index.html"), "process\n");
        Release processRelease = new Release(
                1,
                "p1",
                new Workload.Process(dir, List.of("sh", "-c", "exec busybox httpd -f -p 127.0.0.1:$PORT -h www")),
                Map.of());
        ProcessReplicas processes = ProcessReplicas.create(dir.resolve("logs"));
        ServiceSpec web = new ServiceSpec("it/web", 0, 1, READINESS, new Strategy.Rolling(1, 0));
        ServiceSpec proc = new ServiceSpec("it/proc", 0, 1, READINESS, new Strategy.Rolling(1, 0));
        Deployer first = deployer(MixedReplicas.of(processes, Optional.of(runtime)));
        assertThat(first.rollout(web, release(1, IMAGE))
                        .get(60, TimeUnit.SECONDS)
                        .phase())
                .isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(first.rollout(proc, processRelease).get(60, TimeUnit.SECONDS).phase())
                .isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(get(first.status("it/web").orElseThrow().url())).isEqualTo("200 httpd 1");
        URI processEndpoint = first.status("it/proc")
                .orElseThrow()
                .replicas()
                .get(0)
                .replica()
                .endpoint();
        assertThat(get(processEndpoint)).isEqualTo("200 process");
        List<Replica> running = runtime.adopt("it/web");
        assertThat(running).hasSize(1);

        first.close();

        assertThatThrownBy(() -> get(processEndpoint)).isInstanceOf(IOException.class);
        assertThat(get(running.get(0).endpoint())).isEqualTo("200 httpd 1");
        Deployer second = deployer(MixedReplicas.of(processes, Optional.of(runtime)));
        second.restore(web, release(1, IMAGE));
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (second.status("it/web").orElseThrow().replicas().stream()
                .noneMatch(ServiceStatus.ReplicaStatus::ready)) {
            assertThat(System.nanoTime()).isLessThan(end);
            Thread.sleep(50);
        }
        assertThat(second.status("it/web").orElseThrow().replicas())
                .singleElement()
                .satisfies(r -> assertThat(r.replica()).isEqualTo(running.get(0)));
        assertThat(get(second.status("it/web").orElseThrow().url())).isEqualTo("200 httpd 1");
        assertThat(events)
                .extracting(RolloutEvent::message)
                .contains("restoring v1: 1 running replica(s) adopted, 0 to start");

        second.remove("it/web");
        assertThat(runtime.adopt("it/web")).isEmpty();
    }

    @Test
    void anImageThatIsNowhereFailsTheStartSayingSo() {
        assertThatThrownBy(() -> runtime.start("it/web", release(1, "localhost/slipway/no-such-image:1"), 0))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        "image localhost/slipway/no-such-image:1 is not on this machine and cannot be pulled: ");
    }
}
