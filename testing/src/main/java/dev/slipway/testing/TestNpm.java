package dev.slipway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm packages some tests run for real, as {@code scripts/test-npm.sh} installs them ({@code ./run-tests} runs it
 * and sets {@code SLIPWAY_TEST_NPM}). Without them a test fails under {@code CI=true} and is skipped otherwise.
 */
public final class TestNpm {
    private TestNpm() {}

    /**
     * The directory of GitHub's {@code @actions/cache} package of major version {@code major} (4 or 6), holding its
     * {@code package.json}; its own dependencies are in the {@code node_modules} above it.
     */
    public static Path actionsCache(int major) {
        String configured = System.getenv("SLIPWAY_TEST_NPM");
        String cacheHome = System.getenv("XDG_CACHE_HOME");
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : (cacheHome != null && !cacheHome.isBlank()
                                ? Path.of(cacheHome)
                                : Path.of(System.getProperty("user.home"), ".cache"))
                        .resolve("slipway/test-npm");
        Path dir = root.resolve("actions-cache-" + major).resolve("node_modules/@actions/cache");
        boolean present = Files.isRegularFile(dir.resolve("package.json"));
        String problem = "@actions/cache " + major + ".x is not installed under " + root
                + ": run scripts/test-npm.sh (./run-tests does)";
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(problem);
        }
        Assumptions.assumeTrue(present, problem);
        return dir;
    }

    /**
     * The {@code action.yml} of a local Node.js action whose {@code main.mjs} is {@link #actionsCacheScript()}: inputs
     * {@code lib} (the package's directory, {@link #actionsCache}), {@code key}, {@code restore_keys}, {@code path}
     * ({@code out}) and {@code save} ({@code 'true'}).
     */
    public static String actionsCacheActionYml() {
        return """
                name: cachy
                inputs:
                  lib: {required: true}
                  key: {required: true}
                  restore_keys: {default: ''}
                  path: {default: out}
                  save: {default: 'true'}
                runs:
                  using: node20
                  main: main.mjs
                """;
    }

    /**
     * A Node.js action's script (an ES module) that restores and saves with {@code @actions/cache}; its inputs and
     * what it prints are described at its top.
     */
    public static String actionsCacheScript() {
        try (var in = TestNpm.class.getResourceAsStream("actions-cache.mjs")) {
            if (in == null) {
                throw new IllegalStateException("actions-cache.mjs is missing from the test resources");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
