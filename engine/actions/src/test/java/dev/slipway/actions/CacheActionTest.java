package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheActionTest {
    @TempDir
    Path tmp;

    Path workspace;
    Path home;
    Calls calls;
    LocalCacheStore store;
    Builtins builtins;
    BuiltinAction cache;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(tmp.resolve("ws"));
        home = Files.createDirectories(tmp.resolve("home"));
        calls = new Calls(workspace, tmp);
        calls.env.put("HOME", home.toString());
        calls.env.put("RUNNER_TEMP", tmp.resolve("temp").toString());
        store = LocalCacheStore.of(tmp.resolve("caches"));
        builtins = Builtins.standard(LocalArtifactStore.of(tmp.resolve("artifacts")), store);
        cache = builtins.find("actions/cache@v4").orElseThrow();
    }

    private void populate() throws Exception {
        Files.createDirectories(workspace.resolve("node_modules/.bin"));
        Files.writeString(workspace.resolve("node_modules/a.js"), "a");
        Path tool = workspace.resolve("node_modules/.bin/tool");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve(".m2/repository"));
        Files.writeString(home.resolve(".m2/repository/lib.jar"), "lib");
    }

    private void wipe() throws Exception {
        FileTrees.deleteChildren(workspace);
        FileTrees.deleteChildren(home);
    }

    private BuiltinResult saveWithPost(String key) {
        BuiltinResult restore = cache.main(calls.call(inputs(key)));
        return cache.post(calls.call(inputs(key), restore.state()));
    }

    private static Map<String, String> inputs(String key) {
        return Map.of("key", key, "path", "node_modules\n~/.m2/repository");
    }

    @Test
    void missThenPostSavesThenExactHitRestoresAndSkipsSave() throws Exception {
        populate();
        BuiltinResult miss = cache.main(calls.call(inputs("deps-1")));
        assertThat(miss.outputs()).containsEntry("cache-hit", "false").containsEntry("cache-primary-key", "deps-1");
        assertThat(cache.hasPost()).isTrue();
        assertThat(cache.post(calls.call(inputs("deps-1"), miss.state())).success())
                .isTrue();
        wipe();

        BuiltinResult hit = cache.main(calls.call(inputs("deps-1")));

        assertThat(hit.outputs()).containsEntry("cache-hit", "true").containsEntry("cache-matched-key", "deps-1");
        assertThat(workspace.resolve("node_modules/a.js")).hasContent("a");
        assertThat(Files.isExecutable(workspace.resolve("node_modules/.bin/tool")))
                .isTrue();
        assertThat(home.resolve(".m2/repository/lib.jar")).hasContent("lib");
        calls.log.clear();
        cache.post(calls.call(inputs("deps-1"), hit.state()));
        assertThat(calls.log).anyMatch(l -> l.contains("not saving cache"));
    }

    @Test
    void restoreKeysMatchNewestPrefixAsPartialHit() throws Exception {
        populate();
        saveWithPost("deps-old");
        Files.writeString(workspace.resolve("node_modules/a.js"), "newer");
        saveWithPost("deps-new");
        wipe();

        BuiltinResult partial = cache.main(calls.call(Map.of(
                "key", "deps-xyz", "path", "node_modules\n~/.m2/repository", "restore-keys", "nothing-\ndeps-")));

        assertThat(partial.outputs())
                .containsEntry("cache-hit", "false")
                .containsEntry("cache-matched-key", "deps-new");
        assertThat(workspace.resolve("node_modules/a.js")).hasContent("newer");
        calls.log.clear();
        cache.post(calls.call(inputs("deps-xyz"), partial.state()));
        assertThat(store.find("acme/app", List.of("refs/heads/main"), versionOf(), List.of("deps-xyz")))
                .get()
                .extracting(CacheEntry::key)
                .isEqualTo("deps-xyz");
    }

    private String versionOf() throws Exception {
        return store.find("acme/app", List.of("refs/heads/main"), anyVersion(), List.of("deps"))
                .map(CacheEntry::version)
                .orElseThrow();
    }

    private String anyVersion() throws Exception {
        // the version is a digest of the path input; recover it from a saved entry's directory metadata
        try (var walk = Files.walk(tmp.resolve("caches"))) {
            Path meta = walk.filter(p -> p.getFileName().toString().equals("cache.properties"))
                    .findFirst()
                    .orElseThrow();
            var props = new java.util.Properties();
            try (var reader = Files.newBufferedReader(meta)) {
                props.load(reader);
            }
            return props.getProperty("version");
        }
    }

    @Test
    void failOnCacheMissFailsAndLookupOnlyDoesNotRestore() throws Exception {
        populate();
        saveWithPost("k1");
        wipe();

        BuiltinResult miss =
                cache.main(calls.call(Map.of("key", "k2", "path", "node_modules", "fail-on-cache-miss", "true")));
        BuiltinResult lookup = cache.main(
                calls.call(Map.of("key", "k1", "path", "node_modules\n~/.m2/repository", "lookup-only", "true")));

        assertThat(miss.success()).isFalse();
        assertThat(miss.error()).get().asString().contains("fail-on-cache-miss");
        assertThat(lookup.outputs()).containsEntry("cache-hit", "true");
        assertThat(workspace.resolve("node_modules")).doesNotExist();
    }

    @Test
    void differentPathsDoNotMatchAndFeatureBranchFallsBackToDefaultBranch() throws Exception {
        populate();
        saveWithPost("k");
        wipe();
        calls.env.put("GITHUB_REF", "refs/heads/feature");

        BuiltinResult otherPaths = cache.main(calls.call(Map.of("key", "k", "path", "node_modules")));
        BuiltinResult fallback = cache.main(calls.call(inputs("k")));

        assertThat(otherPaths.outputs()).containsEntry("cache-hit", "false");
        assertThat(fallback.outputs()).containsEntry("cache-hit", "true");
        assertThat(workspace.resolve("node_modules/a.js")).exists();
    }

    @Test
    void featureBranchCacheIsInvisibleToDefaultBranch() throws Exception {
        populate();
        calls.env.put("GITHUB_REF", "refs/heads/feature");
        saveWithPost("k");
        calls.env.put("GITHUB_REF", "refs/heads/main");

        assertThat(cache.main(calls.call(inputs("k"))).outputs()).containsEntry("cache-hit", "false");
    }

    @Test
    void standaloneRestoreAndSave() throws Exception {
        populate();
        BuiltinAction save = builtins.find("actions/cache/save@v4").orElseThrow();
        BuiltinAction restore = builtins.find("Actions/Cache/restore@v4.2.0").orElseThrow();
        assertThat(save.main(calls.call(inputs("solo"))).success()).isTrue();
        wipe();

        BuiltinResult result = restore.main(calls.call(inputs("solo")));

        assertThat(restore.hasPost()).isFalse();
        assertThat(result.outputs()).containsEntry("cache-hit", "true").containsEntry("cache-primary-key", "solo");
        assertThat(workspace.resolve("node_modules/a.js")).exists();
    }

    @Test
    void concurrentSavesOfSameKeyStoreExactlyOne() throws Exception {
        populate();
        BuiltinAction save = builtins.find("actions/cache/save@v4").orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<BuiltinResult>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<BuiltinResult> task = () -> save.main(calls.call(inputs("race")));
                futures.add(pool.submit(task));
            }
            for (Future<BuiltinResult> f : futures) {
                assertThat(f.get().success()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        try (var walk = Files.walk(tmp.resolve("caches"))) {
            assertThat(walk.filter(p -> p.getFileName().toString().equals("cache.archive")))
                    .hasSize(1);
        }
        wipe();
        assertThat(builtins.find("actions/cache/restore@v4")
                        .orElseThrow()
                        .main(calls.call(inputs("race")))
                        .outputs())
                .containsEntry("cache-hit", "true");
        assertThat(home.resolve(".m2/repository/lib.jar")).hasContent("lib");
    }

    @Test
    void saveWithoutMatchingPathsWarnsAndSucceeds() {
        BuiltinAction save = builtins.find("actions/cache/save@v4").orElseThrow();

        BuiltinResult result = save.main(calls.call(Map.of("key", "k", "path", "missing/")));

        assertThat(result.success()).isTrue();
        assertThat(calls.log).anyMatch(l -> l.contains("Path Validation Error"));
    }
}
