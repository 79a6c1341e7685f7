package dev.slipway.actions;

import static dev.slipway.actions.SetupActionsTest.script;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cache} inputs of the built-in {@code setup-node} and {@code setup-python} fail where the real actions'
 * do (their {@code cache-utils.ts}, {@code cache-restore.ts} and {@code cache-distributor.ts}), with their messages.
 */
class CacheInputsTest {
    private static final String NOT_ON_PATH = " Please verify either the file path exists or the file can be found"
            + " within a directory specified by the PATH environment variable. Also check the file mode to verify the"
            + " file is executable.";

    @TempDir
    Path tmp;

    private Path bin;
    private Path workspace;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void tools() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        workspace = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(tmp.resolve("temp"));
        Path node = tmp.resolve("toolcache/node/20.11.1/x64/bin");
        script(node.resolve("node"), "echo v20.11.1");
        script(node.resolve("npm"), "echo npm");
        script(bin.resolve("python3"), "echo '3.12.1 cpython 0 - /opt/py312'");
    }

    private BuiltinResult run(BuiltinAction action, Map<String, String> inputs) {
        Map<String, String> env = Map.of(
                "PATH", bin.toString(),
                "RUNNER_TEMP", tmp.resolve("temp").toString(),
                "RUNNER_TOOL_CACHE", tmp.resolve("toolcache").toString());
        return action.main(new BuiltinCall(inputs, workspace, env, tmp, Map.of(), log::add));
    }

    /** The error of {@code action} given the inputs {@code nameThenValue...}, or "none". */
    private String error(BuiltinAction action, String... nameThenValue) {
        Map<String, String> inputs = new java.util.HashMap<>();
        for (int i = 0; i < nameThenValue.length; i += 2) {
            inputs.put(nameThenValue[i], nameThenValue[i + 1]);
        }
        return run(action, inputs).error().orElse("none");
    }

    private String nodeError(String... nameThenValue) {
        return error(new SetupNode(), concat("node-version", "20", nameThenValue));
    }

    private String pythonError(String... nameThenValue) {
        return error(new SetupPython(), concat("python-version", "3.12", nameThenValue));
    }

    private static String[] concat(String name, String value, String[] more) {
        List<String> all = new ArrayList<>(List.of(name, value));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void setupNodeCacheWantsTheLockFileOfItsPackageManagerAtTheTopOfTheWorkspace() throws Exception {
        String noLock = nodeError("cache", "npm");
        Files.createDirectories(workspace.resolve("sub"));
        Files.writeString(workspace.resolve("sub/package-lock.json"), "{}");
        String lockBelowTheTop = nodeError("cache", "npm");
        Files.writeString(workspace.resolve("yarn.lock"), "");
        BuiltinResult ok = run(new SetupNode(), Map.of("node-version", "20", "cache", "npm"));

        assertThat(noLock)
                .isEqualTo("actions/setup-node: Dependencies lock file is not found in " + workspace
                        + ". Supported file patterns: package-lock.json,npm-shrinkwrap.json,yarn.lock");
        assertThat(lockBelowTheTop).isEqualTo(noLock);
        assertThat(ok.success()).as(ok.error().orElse("")).isTrue();
        assertThat(log)
                .anyMatch(l -> l.startsWith("::notice::cache: 'npm' is not archived by the built-in setup-node"));
    }

    @Test
    void setupNodeCacheWantsItsPackageManagerOnPathAndOneItKnows() throws Exception {
        Files.writeString(workspace.resolve("pnpm-lock.yaml"), "");

        String noPnpm = nodeError("cache", "pnpm");
        script(bin.resolve("pnpm"), "echo 9.0.0");
        BuiltinResult withPnpm = run(new SetupNode(), Map.of("node-version", "20", "cache", "pnpm"));
        String yarnLock = nodeError("cache", "yarn");
        String bun = nodeError("cache", "bun");

        assertThat(noPnpm).isEqualTo("actions/setup-node: Unable to locate executable file: pnpm." + NOT_ON_PATH);
        assertThat(withPnpm.success()).as(withPnpm.error().orElse("")).isTrue();
        assertThat(yarnLock).isEqualTo("actions/setup-node: Unable to locate executable file: yarn." + NOT_ON_PATH);
        assertThat(bun).isEqualTo("actions/setup-node: Caching for 'bun' is not supported");
    }

    @Test
    void setupNodeCacheDependencyPathMustMatchAFileOfTheWorkspace() throws Exception {
        String none = nodeError("cache", "npm", "cache-dependency-path", "app/package-lock.json");
        String yarnNone = nodeError("cache", "yarn", "cache-dependency-path", "**/yarn.lock");
        Files.createDirectories(workspace.resolve("app"));
        Files.writeString(workspace.resolve("app/package-lock.json"), "{}");
        BuiltinResult found = run(
                new SetupNode(),
                Map.of("node-version", "20", "cache", "npm", "cache-dependency-path", "**/package-lock.json"));

        assertThat(none)
                .isEqualTo("actions/setup-node: Some specified paths were not resolved, unable to cache dependencies.");
        assertThat(yarnNone)
                .as("yarn is asked only in directories that hold a match")
                .isEqualTo(none);
        assertThat(found.success()).as(found.error().orElse("")).isTrue();
    }

    @Test
    void setupPythonCacheWantsAMatchingDependencyFileAndPoetryOnPath() throws Exception {
        String noRequirements = pythonError("cache", "pip");
        String pipenvGiven = pythonError("cache", "pipenv", "cache-dependency-path", "a/Pipfile.lock\nb/Pipfile.lock");
        Files.createDirectories(workspace.resolve("pkg"));
        Files.writeString(workspace.resolve("pkg/pyproject.toml"), "[project]\nname = 'x'\n");
        BuiltinResult pipWithPyproject = run(new SetupPython(), Map.of("python-version", "3.12", "cache", "pip"));
        Files.writeString(workspace.resolve("poetry.lock"), "");
        String noPoetry = pythonError("cache", "poetry");
        String uv = pythonError("cache", "uv");

        assertThat(noRequirements)
                .isEqualTo("actions/setup-python: No file in " + workspace
                        + " matched to [**/requirements.txt or **/pyproject.toml], make sure you have checked out the"
                        + " target repository");
        assertThat(pipenvGiven).contains("matched to [a/Pipfile.lock,b/Pipfile.lock], make sure");
        assertThat(pipWithPyproject.success())
                .as(pipWithPyproject.error().orElse(""))
                .isTrue();
        assertThat(noPoetry).isEqualTo("actions/setup-python: Unable to locate executable file: poetry." + NOT_ON_PATH);
        assertThat(uv).isEqualTo("actions/setup-python: Caching for 'uv' is not supported");
    }
}
