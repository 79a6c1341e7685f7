package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployer over real processes (tests/resources replica.py, one Python HTTP server per replica) and a client for its
 * routers. Every wait is bounded: a test that hangs fails instead.
 */
abstract class DeployFixture {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    ProcessReplicas runtime;
    Deployer deployer;
    final List<RolloutEvent> events = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private Path script;

    @BeforeEach
    void startDeployer() throws IOException {
        script = dir.resolve("replica.py");
        try (InputStream in = DeployFixture.class.getResourceAsStream("replica.py")) {
            Files.copy(in, script);
        }
        runtime = ProcessReplicas.create(dir.resolve("logs"));
        deployer = Deployer.create(
                runtime,
                e -> {
                    synchronized (events) {
                        events.add(e);
                    }
                },
                InstantSource.system());
    }

    @AfterEach
    void closeDeployer() {
        deployer.close();
        http.close();
    }

    /** A release of replica.py answering {@code version}, with more environment as key, value, key, value... */
    Release release(int revision, String version, String... env) {
        Map<String, String> vars = new HashMap<>();
        vars.put("VERSION", version);
        for (int i = 0; i + 1 < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        return new Release(revision, version, new Workload.Process(dir, List.of("python3", script.toString())), vars);
    }

    static ServiceSpec spec(String id, int replicas, Strategy strategy) {
        return new ServiceSpec(
                id, 0, replicas, new Readiness("/health", Duration.ofMillis(50), Duration.ofSeconds(2)), strategy);
    }

    static RolloutOutcome outcome(CompletableFuture<RolloutOutcome> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    URI url(String id) {
        return deployer.status(id).orElseThrow().url();
    }

    record Answer(int status, String body) {}

    Answer get(URI url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(url.resolve("/"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().strip());
    }

    /** {@code n} requests to the service, one after the other. */
    List<Answer> hit(String id, int n) throws IOException, InterruptedException {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(get(url(id)));
        }
        return answers;
    }

    /** Requests to the service, one after the other, until {@code future} completes (at most {@code max}). */
    List<Answer> hitUntil(String id, CompletableFuture<?> future, int max) throws IOException, InterruptedException {
        List<Answer> answers = new ArrayList<>();
        URI url = url(id);
        while (!future.isDone() && answers.size() < max) {
            answers.add(get(url));
        }
        return answers;
    }

    /** Waits (bounded) until the service's status satisfies {@code condition}. */
    void await(String id, Predicate<ServiceStatus> condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.test(deployer.status(id).orElseThrow())) {
            assertThat(System.nanoTime() - end)
                    .as("waiting for %s: %s", id, deployer.status(id))
                    .isNegative();
            Thread.sleep(20);
        }
    }

    /** Waits (bounded) until an event's message contains {@code text}. */
    void awaitEvent(String text) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (messages().stream().noneMatch(m -> m.contains(text))) {
            assertThat(System.nanoTime() - end)
                    .as("waiting for an event saying %s; got %s", text, messages())
                    .isNegative();
            Thread.sleep(20);
        }
    }

    static long ready(ServiceStatus s) {
        return s.replicas().stream().filter(ServiceStatus.ReplicaStatus::ready).count();
    }

    List<String> messages() {
        synchronized (events) {
            return events.stream().map(RolloutEvent::message).toList();
        }
    }

    static List<String> bodies(List<Answer> answers) {
        return answers.stream().map(Answer::body).distinct().sorted().toList();
    }
}
