package dev.slipway.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Readiness checks: {@code GET path} on a replica, 2xx or 3xx meaning ready. Thread-safe. */
final class Prober implements AutoCloseable {
    /**
     * Why a replica failed its readiness check, in words: it {@code ended} ("exited with code 1: ...") or was not
     * ready in time ("GET /health answered 500 for 30 s").
     */
    record Failure(Replica replica, boolean ended, String reason) {}

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ReplicaRuntime runtime;

    Prober(ReplicaRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Checks the {@code pending} replicas every {@code readiness.period()} until {@code count} of them are ready,
     * telling {@code onReady} of each. Fails on the first replica that ends, or that is not ready by its deadline
     * ({@link System#nanoTime} at which its readiness timeout runs out).
     */
    Optional<Failure> await(Map<Replica, Long> pending, Readiness readiness, int count, Consumer<Replica> onReady)
            throws InterruptedException {
        List<Replica> waiting = new ArrayList<>(pending.keySet());
        int ready = 0;
        while (ready < count && !waiting.isEmpty()) {
            for (Replica replica : List.copyOf(waiting)) {
                if (!runtime.alive(replica)) {
                    return Optional.of(new Failure(replica, true, runtime.exitDescription(replica)));
                }
                Optional<String> problem = check(replica, readiness);
                if (problem.isEmpty()) {
                    waiting.remove(replica);
                    onReady.accept(replica);
                    if (++ready == count) {
                        return Optional.empty();
                    }
                } else if (System.nanoTime() - pending.get(replica) > 0) {
                    return Optional.of(new Failure(
                            replica,
                            false,
                            "GET " + readiness.path() + " " + problem.get() + " for "
                                    + Words.duration(readiness.timeout())));
                }
            }
            if (ready < count) {
                Thread.sleep(readiness.period());
            }
        }
        return Optional.empty();
    }

    /** One check: empty when ready, else what the replica did ("answered 500", "gave no answer (...)"). */
    Optional<String> check(Replica replica, Readiness readiness) throws InterruptedException {
        URI uri = replica.endpoint()
                .resolve(readiness.path().startsWith("/") ? readiness.path() : "/" + readiness.path());
        Duration limit =
                readiness.period().compareTo(Duration.ofSeconds(2)) > 0 ? readiness.period() : Duration.ofSeconds(2);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(limit).GET().build();
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 400 ? Optional.empty() : Optional.of("answered " + status);
        } catch (HttpTimeoutException e) {
            return Optional.of("gave no answer within " + Words.duration(limit));
        } catch (IOException e) {
            return Optional.of("gave no answer (" + Words.reason(e) + ")");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
