package dev.slipway.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code actions/setup-java} without downloading: a JDK installed here ({@code JAVA_HOME}, {@code JAVA_HOME_*}, the
 * directories of {@code /usr/lib/jvm}, the JDKs SDKMAN! or asdf installed, or {@code $RUNNER_TOOL_CACHE/Java_*}/<version>/x64}) whose {@code release}
 * file has a version matching {@code java-version} (or {@code java-version-file}), the highest that does. Any vendor's
 * JDK serves: the {@code distribution} input is required, as by the real action from v2 on ({@code @v1}, which has no
 * such input, installs Zulu), and the vendor used is logged. Later
 * steps get {@code JAVA_HOME}, {@code JAVA_HOME_<major>_X64} and its {@code bin} first on {@code PATH}, and the
 * {@link JavaProblemMatchers} are registered.
 */
final class SetupJava extends SetupTool {
    /** The real action's inputs, in all its versions (a name none has draws a warning, as on GitHub). */
    private static final java.util.Set<String> INPUTS = java.util.Set.of(
            "java-version",
            "java-version-file",
            "distribution",
            "java-package",
            "architecture",
            "jdk-file",
            "jdkFile",
            "check-latest",
            "force-download",
            "set-default",
            "verify-signature",
            "verify-signature-public-key",
            "server-id",
            "server-username-env-var",
            "server-username",
            "server-password-env-var",
            "server-password",
            "mvn-server-credentials",
            "mvn-repositories",
            "mvn-repositories-include-central",
            "mvn-repositories-prioritize-central",
            "settings-path",
            "overwrite-settings",
            "gpg-private-key",
            "gpg-passphrase-env-var",
            "gpg-passphrase",
            "cache",
            "cache-jdk",
            "cache-dependency-path",
            "cache-path",
            "cache-read-only",
            "job-status",
            "token",
            "mvn-toolchain-id",
            "mvn-toolchain-vendor",
            "show-download-progress",
            "problem-matcher");

    private static final Path SYSTEM_JDKS = Path.of("/usr/lib/jvm");
    private static final Pattern FEATURE = Pattern.compile("^(\\d+)");
    /** The refs of setup-java v1 ({@code v1}, {@code v1.4.3}); the runtime passes the ref as {@code GITHUB_ACTION_REF}. */
    private static final Pattern V1 = Pattern.compile("v1(\\..*)?");

    @Override
    public String ref() {
        return "actions/setup-java";
    }

    @Override
    public java.util.Set<String> inputs() {
        return INPUTS;
    }

    @Override
    List<String> toolNames() {
        return List.of("java");
    }

    @Override
    BuiltinResult setUp(BuiltinCall call) throws IOException {
        String distribution = distribution(call);
        notDone(
                call,
                "cache",
                "is not archived by the built-in setup-java: the build tool's own cache on this machine (~/.m2, ~/.gradle)"
                        + " outlives the job; actions/cache archives other paths");
        notDone(call, "server-id", "is not written to a Maven settings.xml by the built-in setup-java");
        String pkg = call.input("java-package", "jdk").toLowerCase(Locale.ROOT);
        if (!pkg.equals("jdk") && !pkg.equals("jre")) {
            throw new IllegalArgumentException("java-package '" + pkg + "': only jdk and jre are set up here");
        }
        List<String> asked = requested(call, "java-version", "java-version-file", List.of());
        if (asked.isEmpty()) {
            throw new IllegalArgumentException("java-version or java-version-file input expected");
        }
        List<HostTools.Installed> found = installed(call);
        String a = asked.get(asked.size() - 1);
        VersionSpec spec = VersionSpec.parse("java", a);
        HostTools.Installed jdk = HostTools.best(found, spec)
                .orElseThrow(() -> noMatch(
                        call,
                        "JDK",
                        "matching '" + a + "'",
                        found,
                        "install one (e.g. apt-get install openjdk-"
                                + leadingNumber(a).orElse("21") + "-jdk-headless)",
                        "Java_<Vendor>_jdk/<version>/x64"));
        String home = jdk.location().toString();
        call.log().accept("Java configuration:");
        call.log()
                .accept("  Distribution: " + distribution + " (this machine's "
                        + implementor(jdk.location()).orElse("JDK") + ")");
        call.log().accept("  Version: " + jdk.version());
        call.log().accept("  Path: " + home);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", home);
        env.put("JAVA_HOME_" + jdk.version().getMajor() + "_" + arch(), home);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("distribution", distribution);
        outputs.put("version", jdk.version().toString());
        outputs.put("path", home);
        outputs.put("cache-hit", "false");
        JavaProblemMatchers.register(call);
        return BuiltinResult.ok(
                outputs, env, List.of(jdk.location().resolve("bin").toString()));
    }

    /**
     * The {@code distribution} input; without it, {@code zulu} when called as {@code actions/setup-java@v1}, which has
     * no such input and installs Zulu, else the error of the real action from v2 on, where it is required.
     */
    private static String distribution(BuiltinCall call) {
        Optional<String> given = call.input("distribution");
        if (given.isEmpty()
                && call.envVar("GITHUB_ACTION_REF")
                        .filter(r -> V1.matcher(r).matches())
                        .isPresent()) {
            return "zulu";
        }
        return given.orElseThrow(() -> new IllegalArgumentException("Input required and not supplied: distribution"));
    }

    /** The feature version a Java version starts with ({@code 17} of {@code 17.0.x}), for the install hint. */
    private static Optional<String> leadingNumber(String version) {
        Matcher m = FEATURE.matcher(version.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String arch() {
        String a = System.getProperty("os.arch", "amd64");
        return a.equals("aarch64") || a.equals("arm64") ? "ARM64" : "X64";
    }

    /** Every JDK here with a readable {@code release} file and a {@code bin/java}. */
    static List<HostTools.Installed> installed(BuiltinCall call) {
        List<Path> homes = new ArrayList<>();
        call.envVar("JAVA_HOME").map(Path::of).ifPresent(homes::add);
        call.env().entrySet().stream()
                .filter(e ->
                        e.getKey().startsWith("JAVA_HOME_") && !e.getValue().isEmpty())
                .map(e -> Path.of(e.getValue()))
                .forEach(homes::add);
        homes.addAll(HostTools.children(SYSTEM_JDKS));
        call.envVar("HOME").ifPresent(home -> {
            homes.addAll(HostTools.children(Path.of(home, ".sdkman", "candidates", "java")));
            homes.addAll(HostTools.children(Path.of(home, ".asdf", "installs", "java")));
        });
        call.envVar("RUNNER_TOOL_CACHE").ifPresent(cache -> {
            for (Path vendor : HostTools.children(Path.of(cache))) {
                if (vendor.getFileName().toString().startsWith("Java_")) {
                    for (Path version : HostTools.children(vendor)) {
                        homes.add(version.resolve("x64"));
                    }
                }
            }
        });
        return probeAll(call.env(), HostTools.distinct(homes), SetupJava::probe);
    }

    private static Optional<HostTools.Installed> probe(Path home) {
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return Optional.empty();
        }
        return releaseValue(home, "JAVA_VERSION")
                .map(v -> v.startsWith("1.") ? v.substring(2).replace('_', '.') : v) // 1.8.0_392 is 8.0.392
                .flatMap(HostTools::versionIn)
                .map(v -> new HostTools.Installed(v, home, home));
    }

    private static Optional<String> implementor(Path home) {
        return releaseValue(home, "IMPLEMENTOR");
    }

    /** A value of the JDK's {@code release} file, unquoted. */
    private static Optional<String> releaseValue(Path home, String key) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith(key + "=")) {
                    String v = line.substring(key.length() + 1).strip();
                    return Optional.of(
                            v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2
                                    ? v.substring(1, v.length() - 1)
                                    : v);
                }
            }
        } catch (IOException e) {
            // no release file: not a JDK we can tell the version of
        }
        return Optional.empty();
    }
}
