package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in setup actions against toolchains made for the test: scripts that answer the version probe as the real
 * programs do, on a {@code PATH} directory and in a tool cache laid out as GitHub's.
 */
class SetupActionsTest {
    @TempDir
    Path tmp;

    private Path bin;
    private Path cache;
    private Path workspace;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void dirs() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        cache = Files.createDirectories(tmp.resolve("toolcache"));
        workspace = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(tmp.resolve("temp"));
    }

    static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A CPython that answers the probe with {@code version} and {@code prefix} and echoes any other call. */
    private static void python(Path file, String version, String prefix) throws IOException {
        python(file, version, "cpython 0 -", prefix);
    }

    /**
     * A Python that answers the probe with {@code version}, {@code build} (implementation, free-threaded or not, PyPy's
     * version: {@code pypy 0 7.3.17}) and {@code prefix}, and echoes any other call.
     */
    static void python(Path file, String version, String build, String prefix) throws IOException {
        script(
                file,
                "if [ \"$1\" = -c ]; then echo '" + version + " " + build + " " + prefix + "'; else echo \"py" + version
                        + " $*\"; fi");
    }

    private static void node(Path file, String version) throws IOException {
        script(file, "echo v" + version);
    }

    private BuiltinResult run(BuiltinAction action, Map<String, String> inputs) {
        return run(action, inputs, bin.toString());
    }

    private BuiltinResult run(BuiltinAction action, Map<String, String> inputs, String path) {
        return run(action, inputs, path, Map.of());
    }

    /** With {@code more} variables in the step's environment, such as {@code GITHUB_ACTION_REF}. */
    private BuiltinResult run(BuiltinAction action, Map<String, String> inputs, String path, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PATH", path,
                "RUNNER_TEMP", tmp.resolve("temp").toString(),
                "RUNNER_TOOL_CACHE", cache.toString(),
                "HOME", tmp.resolve("home").toString()));
        env.putAll(more);
        return action.main(new BuiltinCall(inputs, workspace, env, tmp, Map.of(), log::add));
    }

    private static String output(Path program, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void setupPythonTakesTheHighestMatchingVersionAndPutsItsWrappersFirstOnPath() throws Exception {
        python(bin.resolve("python3.9"), "3.9.18", "/opt/py39");
        python(bin.resolve("python3.12"), "3.12.1", "/opt/py312");
        Files.writeString(workspace.resolve("requirements.txt"), "requests\n");

        BuiltinResult r = run(new SetupPython(), Map.of("python-version", "3.x", "cache", "pip"));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        Path tools = tmp.resolve("temp/_tools/Python/3.12.1/bin");
        assertThat(r.outputs())
                .containsEntry("python-version", "3.12.1")
                .containsEntry("python-path", bin.resolve("python3.12").toString())
                .containsEntry("cache-hit", "false");
        assertThat(r.path()).containsExactly(tools.toString());
        assertThat(r.env())
                .containsEntry("pythonLocation", "/opt/py312")
                .containsEntry("Python_ROOT_DIR", "/opt/py312")
                .containsEntry("Python3_ROOT_DIR", "/opt/py312")
                .containsEntry("PKG_CONFIG_PATH", "/opt/py312/lib/pkgconfig");
        assertThat(output(tools.resolve("python3.12"), "--version")).isEqualTo("py3.12.1 --version");
        assertThat(output(tools.resolve("pip"), "install", "x")).isEqualTo("py3.12.1 -m pip install x");
        assertThat(log)
                .anyMatch(l -> l.startsWith("::notice::cache: 'pip' is not archived by the built-in setup-python"));
    }

    @Test
    void setupPythonReadsTheVersionFileAndFindsTheToolCache() throws Exception {
        python(bin.resolve("python3"), "3.12.1", "/opt/py312");
        Path cached = cache.resolve("Python/3.10.4/x64");
        python(cached.resolve("bin/python"), "3.10.4", cached.toString());
        Files.writeString(workspace.resolve(".python-version"), "# pinned\n3.10\n");

        BuiltinResult fromDefaultFile = run(new SetupPython(), Map.of());
        Files.writeString(workspace.resolve("runtime.txt"), "3.12.1\n");
        BuiltinResult fromInput = run(new SetupPython(), Map.of("python-version-file", "runtime.txt"));

        assertThat(fromDefaultFile.outputs()).containsEntry("python-version", "3.10.4");
        assertThat(fromDefaultFile.env()).containsEntry("pythonLocation", cached.toString());
        assertThat(fromInput.outputs()).containsEntry("python-version", "3.12.1");
    }

    @Test
    @Timeout(60) // the python3.7 below never answers: a probe that waits for it to end fails here
    void setupPythonReadsItsOwnLineOfToolVersionsAndIsNotHeldByAProgramThatNeverAnswers() throws Exception {
        python(bin.resolve("python3.9"), "3.9.18", "/opt/py39");
        python(bin.resolve("python3.12"), "3.12.1", "/opt/py312");
        script(bin.resolve("python3.7"), "exec sleep 120");
        Files.writeString(workspace.resolve(".tool-versions"), "nodejs 20.11.1\npython 3.9.18\ngolang 1.22.5\n");

        BuiltinResult r = run(new SetupPython(), Map.of("python-version-file", ".tool-versions"));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        assertThat(r.outputs()).containsEntry("python-version", "3.9.18");
    }

    @Test
    void setupPythonFailsNamingWhatItFoundAndKeepsTheEnvironmentWhenAsked() throws Exception {
        python(bin.resolve("python3.9"), "3.9.18", "/opt/py39");
        python(bin.resolve("python3.12"), "3.12.1", "/opt/py312");

        BuiltinResult missing = run(new SetupPython(), Map.of("python-version", "3.10"));
        BuiltinResult quiet = run(new SetupPython(), Map.of("python-version", "3.9", "update-environment", "false"));
        BuiltinResult bad = run(new SetupPython(), Map.of("python-version", "pypy3.10"));

        assertThat(missing.success()).isFalse();
        assertThat(missing.error().orElseThrow())
                .startsWith("actions/setup-python: no Python matching '3.10' on this machine")
                .endsWith("install it (e.g. apt-get install python3.10) or put it in the tool cache as " + cache
                        + "/Python/<version>/x64")
                .contains("3.9.18 (" + bin.resolve("python3.9") + ")", "3.12.1 (" + bin.resolve("python3.12") + ")");
        assertThat(quiet.success()).isTrue();
        assertThat(quiet.outputs()).containsEntry("python-version", "3.9.18");
        assertThat(quiet.env()).isEmpty();
        assertThat(quiet.path()).isEmpty();
        assertThat(bad.error().orElseThrow())
                .startsWith("actions/setup-python: no PyPy matching '3.10' on this machine (found: 3.9.18");
    }

    @Test
    void setupPythonPassesOverVersionManagerShimsAndFindsTheVersionsTheyManage() throws Exception {
        Path pyenv = tmp.resolve("home/.pyenv");
        // a shim answers for whatever version its working directory selects: not a fixed installation
        python(pyenv.resolve("shims/python3"), "3.99.0", "/nowhere");
        python(
                pyenv.resolve("versions/3.10.4/bin/python"),
                "3.10.4",
                pyenv.resolve("versions/3.10.4").toString());

        BuiltinResult r = run(new SetupPython(), Map.of("python-version", "3.x"), pyenv.resolve("shims") + ":" + bin);

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        assertThat(r.outputs()).containsEntry("python-version", "3.10.4");
    }

    @Test
    void setupNodeTakesLtsFromTheToolCacheOrWrapsTheOneInASharedDirectoryOnPathWithItsNpm() throws Exception {
        node(bin.resolve("node"), "18.19.0");
        script(bin.resolve("npm"), "echo npm-of-18 \"$@\"");
        script(bin.resolve("make"), "echo make"); // bin is shared, as /usr/bin is: not to be put first on PATH
        node(cache.resolve("node/20.11.1/x64/bin/node"), "20.11.1");
        node(cache.resolve("node/21.7.3/x64/bin/node"), "21.7.3");

        BuiltinResult lts = run(new SetupNode(), Map.of("node-version", "lts/*"));
        BuiltinResult eighteen = run(new SetupNode(), Map.of("node-version", "18"));

        assertThat(lts.success()).as(lts.error().orElse("")).isTrue();
        assertThat(lts.outputs()).containsEntry("node-version", "v20.11.1");
        assertThat(lts.path())
                .containsExactly(cache.resolve("node/20.11.1/x64/bin").toString());
        Path tools18 = tmp.resolve("temp/_tools/node/18.19.0");
        assertThat(eighteen.outputs()).containsEntry("node-version", "v18.19.0");
        // npm's global prefix would be /usr: global installs go to the job's own, last written so first on PATH
        assertThat(eighteen.path())
                .containsExactly(
                        tools18.resolve("bin").toString(),
                        tools18.resolve("global/bin").toString());
        assertThat(eighteen.env())
                .containsEntry("NPM_CONFIG_PREFIX", tools18.resolve("global").toString());
        assertThat(output(tools18.resolve("bin/node"))).isEqualTo("v18.19.0");
        assertThat(output(tools18.resolve("bin/npm"), "ci")).isEqualTo("npm-of-18 ci");
    }

    @Test
    void setupNodePutsTheBinOfAnInstallationOfItsOwnFirstOnPathWhereNpmLinksGlobalInstalls() throws Exception {
        Path home = cache.resolve("node/22.1.0/x64");
        node(home.resolve("bin/node"), "22.1.0");
        script(home.resolve("lib/node_modules/npm/bin/npm-cli.js"), "echo npm");
        script(home.resolve("lib/node_modules/cowsay/cli.js"), "echo moo \"$@\"");
        Files.createSymbolicLink(home.resolve("bin/npm"), Path.of("../lib/node_modules/npm/bin/npm-cli.js"));
        Files.createSymbolicLink(home.resolve("bin/cowsay"), Path.of("../lib/node_modules/cowsay/cli.js"));
        // an unpacked release linked from a shared directory: its own bin, not the shared one, goes on PATH
        Path release = tmp.resolve("opt/node-v23.0.0");
        node(release.resolve("bin/node"), "23.0.0");
        Files.createSymbolicLink(bin.resolve("node"), release.resolve("bin/node"));
        script(bin.resolve("make"), "echo make");

        BuiltinResult cached = run(new SetupNode(), Map.of("node-version", "22"));
        BuiltinResult linked = run(new SetupNode(), Map.of("node-version", "23"));

        assertThat(cached.success()).as(cached.error().orElse("")).isTrue();
        assertThat(cached.path()).containsExactly(home.resolve("bin").toString());
        assertThat(cached.env()).doesNotContainKey("NPM_CONFIG_PREFIX");
        assertThat(output(Path.of(cached.path().getFirst(), "cowsay"), "hello")).isEqualTo("moo hello");
        assertThat(linked.path())
                .containsExactly(release.resolve("bin").toRealPath().toString());
    }

    @Test
    void setupNodeTakesAnOlderLtsLineCountingTheEvenMajorsInstalled() throws Exception {
        for (String v : List.of("20.19.0", "22.11.0", "22.12.0", "23.1.0", "24.2.0")) {
            node(cache.resolve("node/" + v + "/x64/bin/node"), v);
        }

        BuiltinResult minusOne = run(new SetupNode(), Map.of("node-version", "lts/-1"));
        node(cache.resolve("node/26.0.0/x64/bin/node"), "26.0.0");
        BuiltinResult withNewer = run(new SetupNode(), Map.of("node-version", "lts/-1"));
        BuiltinResult minusThree = run(new SetupNode(), Map.of("node-version", "lts/-3"));
        BuiltinResult minusFour = run(new SetupNode(), Map.of("node-version", "lts/-4"));

        assertThat(minusOne.success()).as(minusOne.error().orElse("")).isTrue();
        assertThat(minusOne.outputs()).containsEntry("node-version", "v22.12.0");
        assertThat(withNewer.outputs()).containsEntry("node-version", "v24.2.0");
        assertThat(minusThree.outputs()).containsEntry("node-version", "v20.19.0");
        assertThat(minusFour.error().orElseThrow())
                .startsWith("actions/setup-node: no Node.js matching 'lts/-4' on this machine");
    }

    @Test
    void setupNodeLeavesAGlobalPrefixTheMachineSetAlone() throws Exception {
        node(bin.resolve("node"), "18.19.0");
        script(bin.resolve("make"), "echo make");
        Map<String, String> env = Map.of(
                "PATH", bin.toString(),
                "RUNNER_TEMP", tmp.resolve("temp").toString(),
                "npm_config_prefix", "/home/me/.npm-global");

        BuiltinResult r = new SetupNode()
                .main(new BuiltinCall(Map.of("node-version", "18"), workspace, env, tmp, Map.of(), log::add));

        assertThat(r.path())
                .containsExactly(tmp.resolve("temp/_tools/node/18.19.0/bin").toString());
        assertThat(r.env()).isEmpty();
    }

    @Test
    void setupNodeReadsNvmrcAndPackageJsonEnginesAndWithoutAVersionUsesPathsNode() throws Exception {
        node(bin.resolve("node"), "18.19.0");
        node(cache.resolve("node/20.11.1/x64/bin/node"), "20.11.1");
        Files.writeString(workspace.resolve(".nvmrc"), "v20.11.1\n");
        Files.writeString(
                workspace.resolve("package.json"), "{\"name\": \"app\", \"engines\": {\"node\": \">=18 <20\"}}");

        BuiltinResult nvmrc = run(new SetupNode(), Map.of("node-version-file", ".nvmrc"));
        BuiltinResult engines = run(new SetupNode(), Map.of("node-version-file", "package.json"));
        BuiltinResult none = run(new SetupNode(), Map.of());
        BuiltinResult missing = run(new SetupNode(), Map.of("node-version", "16"));

        assertThat(nvmrc.outputs()).containsEntry("node-version", "v20.11.1");
        assertThat(missing.error().orElseThrow())
                .startsWith("actions/setup-node: no Node.js matching '16' on this machine (found: 18.19.0 (")
                .endsWith("install it (e.g. apt-get install nodejs) or put it in the tool cache as " + cache
                        + "/node/<version>/x64");
        assertThat(engines.outputs()).containsEntry("node-version", "v18.19.0");
        assertThat(none.success()).isTrue();
        assertThat(none.outputs()).containsEntry("node-version", "v18.19.0");
        assertThat(none.path()).isEmpty();
    }

    @Test
    void setupNodeWritesAnNpmrcForTheRegistryThatTakesItsTokenFromTheEnvironment() throws Exception {
        node(bin.resolve("node"), "18.19.0");

        BuiltinResult r = run(
                new SetupNode(),
                Map.of("node-version", "18", "registry-url", "https://npm.example.com/repo", "scope", "TechHub"));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        Path npmrc = tmp.resolve("temp/.npmrc");
        assertThat(r.env())
                .containsEntry("NPM_CONFIG_USERCONFIG", npmrc.toString())
                .containsEntry("NODE_AUTH_TOKEN", "XXXXX-XXXXX-XXXXX-XXXXX");
        assertThat(Files.readAllLines(npmrc))
                .containsExactly(
                        "//npm.example.com/repo/:_authToken=${NODE_AUTH_TOKEN}",
                        "@techhub:registry=https://npm.example.com/repo/",
                        "always-auth=false");
    }

    /** A JDK as its packages lay it out: a {@code release} file and {@code bin/java}. */
    private Path jdk(String version) throws IOException {
        Path home = cache.resolve("Java_Temurin-Hotspot_jdk/" + version + "/x64");
        script(home.resolve("bin/java"), "echo java");
        Files.writeString(
                home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void setupJavaSetsJavaHomeAndPathFromAMatchingJdk() throws Exception {
        Path home = jdk("1.8.0_999");

        BuiltinResult r = run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "8.0.999"));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        assertThat(r.env()).containsEntry("JAVA_HOME", home.toString());
        assertThat(r.env()).containsKey("JAVA_HOME_8_X64");
        assertThat(r.path()).containsExactly(home.resolve("bin").toString());
        assertThat(r.outputs())
                .containsEntry("version", "8.0.999")
                .containsEntry("distribution", "temurin")
                .containsEntry("path", home.toString());
        assertThat(log).contains("  Distribution: temurin (this machine's Eclipse Adoptium)");
    }

    @Test
    void setupJavaFindsTheJdksSdkmanInstalled() throws Exception {
        Path home = tmp.resolve("home/.sdkman/candidates/java/8.0.997-tem");
        script(home.resolve("bin/java"), "echo java");
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"1.8.0_997\"\n");

        BuiltinResult r = run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "8.0.997"));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        assertThat(r.env()).containsEntry("JAVA_HOME", home.toString());
    }

    @Test
    void setupJavaWantsADistributionAndAVersionAndReadsSdkmanrc() throws Exception {
        jdk("1.8.0_999");
        Files.writeString(workspace.resolve(".sdkmanrc"), "# sdkman\njava=8.0.999-tem\n");

        BuiltinResult noDistribution = run(new SetupJava(), Map.of("java-version", "8.0.999"));
        BuiltinResult noVersion = run(new SetupJava(), Map.of("distribution", "zulu"));
        BuiltinResult fromFile = run(new SetupJava(), Map.of("distribution", "zulu", "java-version-file", ".sdkmanrc"));
        BuiltinResult none = run(
                new SetupJava(p -> p.equals("openjdk-8-jdk-headless")),
                Map.of("distribution", "zulu", "java-version", "8.0.998"));
        BuiltinResult unpackaged = run(
                new SetupJava(p -> p.equals("openjdk-8-jdk-headless")),
                Map.of("distribution", "zulu", "java-version", "21.0.999"));
        BuiltinResult earlyAccess =
                run(new SetupJava(p -> true), Map.of("distribution", "zulu", "java-version", "8-ea"));

        assertThat(noDistribution.error().orElseThrow()).contains("Input required and not supplied: distribution");
        assertThat(noVersion.error().orElseThrow()).contains("java-version or java-version-file input expected");
        assertThat(fromFile.outputs()).containsEntry("version", "8.0.999");
        assertThat(none.error().orElseThrow())
                .contains("no JDK matching '8.0.998' on this machine")
                .contains("apt-get install openjdk-8-jdk-headless) or put it in the tool cache as " + cache
                        + "/Java_<Vendor>_jdk/<version>/x64")
                .contains("8.0.999 (");
        assertThat(unpackaged.error().orElseThrow())
                .contains("install one (unpack one into /usr/lib/jvm; apt knows no openjdk-21-jdk-headless here)")
                .doesNotContain("apt-get");
        assertThat(earlyAccess.error().orElseThrow())
                .contains("install one (unpack one into /usr/lib/jvm) or put it in the tool cache");
    }

    @Test
    void setupJavaV1HasNoDistributionInputAndTakesAnyVendorsJdkAsItsZuluFromV2OnOneIsRequired() throws Exception {
        Path home = jdk("1.8.0_999");
        Map<String, String> inputs = Map.of("java-version", "1.8.0");

        BuiltinResult v1 = run(new SetupJava(), inputs, bin.toString(), Map.of("GITHUB_ACTION_REF", "v1"));
        BuiltinResult v143 = run(new SetupJava(), inputs, bin.toString(), Map.of("GITHUB_ACTION_REF", "v1.4.3"));
        BuiltinResult v10 = run(new SetupJava(), inputs, bin.toString(), Map.of("GITHUB_ACTION_REF", "v10"));
        BuiltinResult v4 = run(new SetupJava(), inputs, bin.toString(), Map.of("GITHUB_ACTION_REF", "v4"));

        assertThat(v1.success()).as(v1.error().orElse("")).isTrue();
        assertThat(v1.env()).containsEntry("JAVA_HOME", home.toString());
        assertThat(v1.outputs()).containsEntry("distribution", "zulu");
        assertThat(log).contains("  Distribution: zulu (this machine's Eclipse Adoptium)");
        assertThat(v143.success()).as(v143.error().orElse("")).isTrue();
        assertThat(v10.error().orElseThrow()).contains("Input required and not supplied: distribution");
        assertThat(v4.error().orElseThrow()).contains("Input required and not supplied: distribution");
    }

    @Test
    void setupJavaRegistersTheJavaMatchersFromTheJobsTemporaryDirectory() throws Exception {
        jdk("17.0.99");

        BuiltinResult r = run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "17.0.99"));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        Path matchers = tmp.resolve("temp/_tools/java/matchers/java.json");
        assertThat(log).contains("::add-matcher::" + matchers);
        assertThat(Files.readString(matchers))
                .contains("\"owner\": \"java\"", "\"owner\": \"javac\"", "\"owner\": \"maven-javac\"");
    }

    @Test
    void setupJavaSetsUpEachLineOfJavaVersionAndTheLastIsTheDefault() throws Exception {
        Path old = jdk("17.0.98");
        Path newer = jdk("25.0.98");

        BuiltinResult r = run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "17.0.98\n25.0.98\n"));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        assertThat(r.env())
                .containsEntry("JAVA_HOME_17_X64", old.toString())
                .containsEntry("JAVA_HOME_25_X64", newer.toString())
                .containsEntry("JAVA_HOME", newer.toString());
        // the last written ends up first on PATH
        assertThat(r.path())
                .containsExactly(
                        old.resolve("bin").toString(), newer.resolve("bin").toString());
        assertThat(r.outputs()).containsEntry("version", "25.0.98").containsEntry("path", newer.toString());
        assertThat(log)
                .anyMatch(l -> l.startsWith("::notice::toolchains.xml is not written to ~/.m2")
                        && l.contains("jdk version 17.0.98 vendor temurin id temurin_17.0.98 at " + old)
                        && l.contains("jdk version 25.0.98 vendor temurin id temurin_25.0.98 at " + newer));
    }

    @Test
    void setupJavaFailsWhenAnyLineOfJavaVersionIsNotFoundAndWithoutSetDefaultLeavesJavaHome() throws Exception {
        Path home = jdk("17.0.98");

        BuiltinResult missing =
                run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "17.0.98\n25.0.97"));
        BuiltinResult notDefault = run(
                new SetupJava(), Map.of("distribution", "temurin", "java-version", "17.0.98", "set-default", "false"));

        assertThat(missing.error().orElseThrow()).contains("no JDK matching '25.0.97' on this machine");
        assertThat(notDefault.env()).containsOnlyKeys("JAVA_HOME_17_X64");
        assertThat(notDefault.path()).isEmpty();
        assertThat(notDefault.outputs()).containsEntry("path", home.toString());
        assertThat(log).noneMatch(l -> l.contains("toolchains.xml"));
    }

    @Test
    void setupJavaTakesAnEarlyAccessVersionOnlyFromAnEarlyAccessJdkAndAReleaseOnlyFromAReleasedOne() throws Exception {
        Path cached = cache.resolve("Java_Temurin-Hotspot_jdk/27.0.0-ea.12/x64");
        script(cached.resolve("bin/java"), "echo java");
        Files.writeString(cached.resolve("release"), "JAVA_VERSION=\"27\"\n");
        Path sdkman = tmp.resolve("home/.sdkman/candidates/java/26.ea.5-open");
        script(sdkman.resolve("bin/java"), "echo java");
        Files.writeString(sdkman.resolve("release"), "JAVA_VERSION=\"26\"\nJAVA_RUNTIME_VERSION=\"26-ea+5-1234\"\n");

        BuiltinResult ea27 = run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "27-ea"));
        BuiltinResult ea26 = run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "26.0.0-ea.5"));
        BuiltinResult ea28 = run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "28-ea"));
        BuiltinResult release27 = run(new SetupJava(), Map.of("distribution", "temurin", "java-version", "27"));

        assertThat(ea27.success()).as(ea27.error().orElse("")).isTrue();
        assertThat(ea27.env()).containsEntry("JAVA_HOME", cached.toString()).containsKey("JAVA_HOME_27_X64");
        assertThat(ea27.outputs()).containsEntry("version", "27.0.0-ea");
        assertThat(ea26.env()).containsEntry("JAVA_HOME", sdkman.toString());
        assertThat(ea28.error().orElseThrow())
                .contains("no early-access JDK matching '28-ea' on this machine (found: ")
                .contains("27.0.0-ea (" + cached + ")");
        assertThat(release27.error().orElseThrow()).contains("no JDK matching '27' on this machine");
    }

    @Test
    void setupJavaRefusesADistributionTheRealActionDoesNotKnow() throws Exception {
        jdk("17.0.99");

        BuiltinResult unknown = run(new SetupJava(), Map.of("distribution", "foojdk", "java-version", "17.0.99"));
        BuiltinResult capital = run(new SetupJava(), Map.of("distribution", "Temurin", "java-version", "17.0.99"));

        assertThat(unknown.error().orElseThrow())
                .contains("No supported distribution was found for input foojdk (supported: adopt, ")
                .contains("temurin, zulu");
        assertThat(capital.error().orElseThrow()).contains("No supported distribution was found for input Temurin");
    }

    @Test
    void setupJavaNamesEachGivenInputItDoesNothingWithAndWhyWithoutShowingSecrets() throws Exception {
        jdk("17.0.99");
        Map<String, String> inputs = new java.util.HashMap<>(Map.of(
                "distribution", "temurin",
                "java-version", "17.0.99",
                "architecture", "x86",
                "check-latest", "true",
                "gpg-private-key", "-----BEGIN PGP PRIVATE KEY BLOCK-----secret",
                "gpg-passphrase", "MY_PASSPHRASE",
                "settings-path", "/tmp/m2",
                "job-status", "success",
                "token", "ghs_secret"));
        inputs.put("jdkFile", "jdk.tar.gz");

        BuiltinResult r = run(new SetupJava(), inputs);
        BuiltinResult plain = run(
                new SetupJava(),
                Map.of("distribution", "temurin", "java-version", "17.0.99", "architecture", "x64", "token", ""));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        assertThat(plain.success()).as(plain.error().orElse("")).isTrue();
        List<String> notices =
                log.stream().filter(l -> l.startsWith("::notice::")).toList();
        assertThat(notices)
                .extracting(l -> l.substring("::notice::".length(), l.indexOf(':', "::notice::".length())))
                .containsExactlyInAnyOrder(
                        "architecture",
                        "check-latest",
                        "jdkFile",
                        "gpg-private-key",
                        "settings-path",
                        "job-status",
                        "token");
        assertThat(notices)
                .anyMatch(n -> n.contains("gpg-passphrase's variable (MY_PASSPHRASE)")
                        && n.contains("mvn deploy with maven-gpg-plugin"))
                .noneMatch(n -> n.contains("secret"));
    }

    /** A Go toolchain as its archive lays it out: {@code <root>/bin/go} answering {@code go version}. */
    private static Path go(Path root, String version) throws IOException {
        script(root.resolve("bin/go"), "echo 'go version go" + version + " linux/amd64'");
        return root;
    }

    @Test // versions no real Go has yet: an installed one must not be the newest
    void setupGoTakesGoModsToolchainOrGoLineAndPutsItsBinFirstOnPath() throws Exception {
        Path older = go(cache.resolve("go/9.21.13/x64"), "9.21.13");
        Path newer = go(cache.resolve("go/9.22.5/x64"), "9.22.5");
        Files.writeString(workspace.resolve("go.mod"), "module example.com/app\n\ngo 9.21\n");

        BuiltinResult goLine = run(new SetupGo(), Map.of("go-version-file", "go.mod"));
        Files.writeString(workspace.resolve("go.mod"), "module example.com/app\n\ngo 9.21\n\ntoolchain go9.22.5\n");
        BuiltinResult toolchain = run(new SetupGo(), Map.of("go-version-file", "go.mod"));
        BuiltinResult stable = run(new SetupGo(), Map.of("go-version", "stable"));
        BuiltinResult missing = run(new SetupGo(), Map.of("go-version", "9.23"));

        assertThat(goLine.success()).as(goLine.error().orElse("")).isTrue();
        assertThat(goLine.outputs()).containsEntry("go-version", "9.21.13");
        assertThat(goLine.path())
                .last()
                .isEqualTo(older.toRealPath().resolve("bin").toString());
        assertThat(goLine.path()).first().isEqualTo(tmp.resolve("home/go/bin").toString());
        assertThat(toolchain.outputs()).containsEntry("go-version", "9.22.5");
        assertThat(stable.path())
                .last()
                .isEqualTo(newer.toRealPath().resolve("bin").toString());
        assertThat(missing.error().orElseThrow())
                .startsWith("actions/setup-go: no Go matching '9.23' on this machine")
                .contains("9.21.13 (", "9.22.5 (")
                .endsWith("or put it in the tool cache as " + cache + "/go/<version>/x64");
    }

    @Test
    void setupPythonPutsAnInstallationOfItsOwnFirstOnPathSoThatWhatPipInstallsIsFound() throws Exception {
        Path prefix = tmp.resolve("home/.pyenv/versions/3.12.1");
        python(prefix.resolve("bin/python"), "3.12.1", prefix.toString());
        script(prefix.resolve("bin/pytest"), "echo pytest"); // what `pip install pytest` put there

        BuiltinResult r = run(
                new SetupPython(),
                Map.of("python-version", "3.12"),
                bin.toString(),
                Map.of("LD_LIBRARY_PATH", "/opt/lib"));

        assertThat(r.success()).as(r.error().orElse("")).isTrue();
        assertThat(r.path())
                .containsExactly(prefix.toString(), prefix.resolve("bin").toString());
        assertThat(r.outputs())
                .containsEntry("python-path", prefix.resolve("bin/python").toString());
        assertThat(r.env())
                .containsEntry("LD_LIBRARY_PATH", prefix.resolve("lib") + ":/opt/lib")
                .containsEntry("Python2_ROOT_DIR", prefix.toString())
                .containsEntry("Python3_ROOT_DIR", prefix.toString());
        assertThat(tmp.resolve("temp/_tools/Python")).doesNotExist();
    }

    @Test
    void setupPythonReadsPyprojectPoetryAndPipfileAsTheRealActionDoes() throws Exception {
        python(bin.resolve("python3.9"), "3.9.18", "/opt/py39");
        python(bin.resolve("python3.11"), "3.11.7", "/opt/py311");
        python(bin.resolve("python3.12"), "3.12.1", "/opt/py312");
        Files.writeString(
                workspace.resolve("pyproject.toml"),
                "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\nname = \"x\"\nrequires-python = \">=3.10,<3.12\"\n");
        Files.writeString(
                workspace.resolve("poetry.toml"), "[tool.poetry.dependencies]\npython = \"^3.9\"\nrequests = \"*\"\n");
        Files.writeString(
                workspace.resolve("Pipfile"), "[packages]\nflask = \"*\"\n\n[requires]\npython_version = \"3.9\"\n");
        Files.writeString(workspace.resolve("broken.toml"), "[project\nname = 1\n");

        BuiltinResult pep621 = run(new SetupPython(), Map.of("python-version-file", "pyproject.toml"));
        BuiltinResult poetry = run(new SetupPython(), Map.of("python-version-file", "poetry.toml"));
        BuiltinResult pipfile = run(new SetupPython(), Map.of("python-version-file", "Pipfile"));
        BuiltinResult broken = run(new SetupPython(), Map.of("python-version-file", "broken.toml"));
        Files.writeString(workspace.resolve(".python-version"), "# two\n3.9/envs/tools\n3.11\n");
        BuiltinResult several = run(new SetupPython(), Map.of());

        assertThat(pep621.outputs()).containsEntry("python-version", "3.11.7");
        assertThat(poetry.outputs()).containsEntry("python-version", "3.12.1"); // ^3.9: up to 4, as semver reads it
        assertThat(pipfile.outputs()).containsEntry("python-version", "3.9.18");
        assertThat(several.outputs()).containsEntry("python-version", "3.11.7"); // the last, first on PATH
        assertThat(several.path()).hasSize(2);
        assertThat(broken.error().orElseThrow())
                .startsWith("actions/setup-python: input 'python-version-file': broken.toml is not valid TOML");
    }

    @Test
    void setupPythonTakesPyPyAndFreeThreadedBuildsOnlyWhenAskedForThem() throws Exception {
        python(bin.resolve("python3.13"), "3.13.1", "/opt/py313");
        python(bin.resolve("python3.13t"), "3.13.1", "cpython 1 -", "/opt/py313t");
        python(bin.resolve("pypy3.10"), "3.10.14", "pypy 0 7.3.17", "/opt/pypy310");
        python(bin.resolve("pypy3.9"), "3.9.19", "pypy 0 7.3.16", "/opt/pypy39");

        BuiltinResult plain = run(new SetupPython(), Map.of("python-version", "3.x"));
        BuiltinResult suffix = run(new SetupPython(), Map.of("python-version", "3.13t"));
        BuiltinResult input = run(new SetupPython(), Map.of("python-version", "3.13", "freethreaded", "true"));
        BuiltinResult pypy = run(new SetupPython(), Map.of("python-version", "pypy3.10"));
        BuiltinResult dashed = run(new SetupPython(), Map.of("python-version", "pypy-3.9"));
        BuiltinResult anyPypy = run(new SetupPython(), Map.of("python-version", "pypy3"));
        BuiltinResult pinned = run(new SetupPython(), Map.of("python-version", "pypy3.10-v7.3.x"));
        BuiltinResult missing = run(new SetupPython(), Map.of("python-version", "pypy3.10-v7.2.x"));
        BuiltinResult graal = run(new SetupPython(), Map.of("python-version", "graalpy-24.1"));

        assertThat(plain.outputs())
                .containsEntry("python-path", bin.resolve("python3.13").toString());
        assertThat(suffix.outputs())
                .containsEntry("python-version", "3.13.1t")
                .containsEntry("python-path", bin.resolve("python3.13t").toString());
        assertThat(input.outputs()).containsEntry("python-version", "3.13.1t");
        assertThat(pypy.outputs())
                .containsEntry("python-version", "pypy3.10.14-7.3.17")
                .containsEntry("python-path", bin.resolve("pypy3.10").toString());
        assertThat(dashed.outputs()).containsEntry("python-version", "pypy3.9.19-7.3.16");
        assertThat(anyPypy.outputs()).containsEntry("python-version", "pypy3.10.14-7.3.17");
        assertThat(pinned.outputs()).containsEntry("python-version", "pypy3.10.14-7.3.17");
        assertThat(missing.error().orElseThrow())
                .startsWith("actions/setup-python: no PyPy matching '3.10' (PyPy 7.2.x) on this machine")
                .contains("3.10.14 PyPy 7.3.17 (" + bin.resolve("pypy3.10") + ")", "3.13.1t (")
                .endsWith("install it (pyenv install pypy3.10, or unpack a PyPy release) or put it in the tool cache"
                        + " as " + cache + "/PyPy/<version>/x64");
        assertThat(graal.error().orElseThrow()).contains("GraalPy is not set up by the built-in setup-python");
    }
}
