package dev.slipway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.actions.CacheScope;
import dev.slipway.actions.LocalCacheStore;
import dev.slipway.runtime.CacheService;
import dev.slipway.testing.TestNpm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache service as GitHub's own {@code @actions/cache} (4.x and 6.x, run by Node.js) uses it. */
class CacheServerNodeIT {
    @TempDir
    Path dir;

    private CacheServer server;
    private CacheService service;
    private Path script;

    @BeforeEach
    void start() throws IOException {
        server = CacheServer.start(dir.resolve("uploads"));
        service = server.service(LocalCacheStore.of(dir.resolve("store")));
        script = Files.writeString(dir.resolve("cache.mjs"), TestNpm.actionsCacheScript());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs the script as one job's action, admitted with {@code mode}; returns what it printed. */
    private String job(int major, String mode, Map<String, String> inputs) throws Exception {
        var scope = CacheScope.of(Map.of("GITHUB_REPOSITORY", "acme/shop", "GITHUB_REF", "refs/heads/main"), "main");
        boolean restore = mode.equals("write") || mode.equals("read");
        boolean save = mode.equals("write") || mode.equals("write-only");
        Path workspace = Files.createDirectories(dir.resolve("ws-" + System.nanoTime()));
        try (var admission = service.admit(new CacheService.Job("run/j/1", scope, restore, save, mode))) {
            var builder = new ProcessBuilder("node", script.toString()).directory(workspace.toFile());
            builder.redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("ACTIONS_") || k.startsWith("GITHUB_"));
            env.putAll(admission.variables());
            env.put("GITHUB_WORKSPACE", workspace.toString());
            env.put("RUNNER_TEMP", Files.createDirectories(dir.resolve("temp")).toString());
            env.put("INPUT_LIB", TestNpm.actionsCache(major).toString());
            env.put("INPUT_PATH", "out");
            inputs.forEach((k, v) -> env.put("INPUT_" + k, v));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        }
    }

    private static String value(String output, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(output);
        assertThat(m.find()).as(name + " in:\n" + output).isTrue();
        return m.group(1);
    }

    private static Map<String, String> inputs(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void whatOneMajorVersionSavesInChunksTheOtherRestoresByPrefix() throws Exception {
        for (int[] pair : new int[][] {{4, 6}, {6, 4}}) {
            String key = "deps-" + pair[0] + "-";
            String saved = job(
                    pair[0],
                    "write",
                    inputs("KEY", key + "abc", "SAVE", "true", "SIZE", "2500000", "CHUNK", "1000000"));
            assertThat(value(saved, "available")).isEqualTo("true");
            assertThat(value(saved, "restored")).isEmpty();
            assertThat(saved).contains("Cache saved successfully");

            String restored = job(pair[1], "write", inputs("KEY", key + "def", "RESTORE_KEYS", key));
            assertThat(value(restored, "restored")).isEqualTo(key + "abc");
            assertThat(value(restored, "content")).isEqualTo(value(saved, "wrote"));
        }
    }

    @Test
    void aKeySavedOnceIsNotSavedAgainAndTheLibrarySaysWhy() throws Exception {
        job(6, "write", inputs("KEY", "k", "SAVE", "true"));
        String again = job(6, "write", inputs("KEY", "k", "SAVE", "true", "SAVE_ALWAYS", "true"));
        assertThat(value(again, "restored")).isEqualTo("k");
        assertThat(again).contains("Failed to save: Unable to reserve cache with key k, another job may be creating");
    }

    @Test
    void theCacheModeDeniesWithTheLibrarysOwnWarnings() throws Exception {
        String read = job(6, "read", inputs("KEY", "k", "SAVE", "true"));
        assertThat(read)
                .contains("::warning::Failed to save: Unable to reserve cache with key k. More details: cache write"
                        + " denied: the job's cache-mode 'read' allows no saves");
        String none = job(6, "none", inputs("KEY", "k"));
        assertThat(none)
                .contains("::warning::Failed to restore: cache read denied: the job's cache-mode 'none' allows no"
                        + " restores");
        String old = job(4, "none", inputs("KEY", "k"));
        assertThat(old).contains("::warning::Failed to restore: Cache service responded with 403");
    }
}
