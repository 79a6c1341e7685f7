package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.TestNpm;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs of the server's embedded agent get GitHub's cache service for their Node.js actions, over the server's cache
 * store: GitHub's own {@code @actions/cache} saves in one run, the store lists the entry, the next run restores it.
 */
class CacheServiceIT {
    @TempDir
    static Path dir;

    private static TestServer server;
    private static String erin;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        erin = server.userWithToken("erin");
        server.pushNewRepository(
                "erin",
                erin,
                "svc",
                dir.resolve("work"),
                ".github/workflows/build.yml",
                """
                name: build
                on: [push, workflow_dispatch]
                jobs:
                  deps:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - uses: ./.github/actions/cachy
                        with:
                          lib: %s
                          key: deps-${{ github.run_id }}
                          restore_keys: deps-
                """.formatted(TestNpm.actionsCache(6)),
                ".github/actions/cachy/action.yml",
                TestNpm.actionsCacheActionYml(),
                ".github/actions/cachy/main.mjs",
                TestNpm.actionsCacheScript());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String log(JsonNode run) {
        return String.join(
                "",
                server.jobLogs("erin/svc", Http.token(erin), run.get("id").asLong())
                        .values());
    }

    @Test
    void aNodeActionSavesInOneRunAndRestoresInTheNext() {
        var first = RunWait.completed(server, "erin/svc", Http.token(erin), "event=push");
        String saved = log(first);
        assertThat(first.get("conclusion").asText()).as(saved).isEqualTo("success");
        assertThat(saved).contains("available=true").contains("Cache saved successfully");
        var caches = server.http.get("/api/v3/repos/erin/svc/actions/caches", Http.token(erin));
        assertThat(caches.json().get("total_count").asInt()).as(caches.body()).isEqualTo(1);
        assertThat(caches.json().get("actions_caches").get(0).get("key").asText())
                .isEqualTo("deps-" + first.get("id").asLong());

        var dispatched = server.http.post(
                "/api/v3/repos/erin/svc/actions/workflows/build.yml/dispatches",
                "{\"ref\":\"main\"}",
                Http.token(erin));
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);
        var second = RunWait.completed(server, "erin/svc", Http.token(erin), "event=workflow_dispatch");
        String restored = log(second);
        assertThat(restored).contains("restored=deps-" + first.get("id").asLong());
        assertThat(restored.replaceAll("(?s).*content=(\\w+).*", "$1"))
                .isEqualTo(saved.replaceAll("(?s).*wrote=(\\w+).*", "$1"))
                .hasSize(64);
    }
}
