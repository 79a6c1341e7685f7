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
 * JDK serves: the {@code distribution} input is required and must be one the real action knows, as from v2 on ({@code @v1}, which has no
 * such input, installs Zulu), and the vendor used is logged. Each line of a multi-line {@code java-version} is set up
 * in order, and each must be found: later steps get {@code JAVA_HOME_<major>_X64} of every one, and, unless {@code
 * set-default} is false, {@code JAVA_HOME} and the first place on {@code PATH} of the last, whose version and path are
 * the outputs. The {@link JavaProblemMatchers} are then registered.
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
    /** The distributions the real action knows, in its newest version; it takes their names in lower case only. */
    private static final List<String> DISTRIBUTIONS = List.of(
            "adopt",
            "adopt-hotspot",
            "adopt-openj9",
            "temurin",
            "zulu",
            "liberica",
            "jdkfile",
            "microsoft",
            "semeru",
            "corretto",
            "oracle",
            "dragonwell",
            "sapmachine",
            "graalvm",
            "graalvm-community",
            "jetbrains",
            "kona");
    /** Whether a Debian package of that name can be installed here, for the hint when no JDK matches. */
    private final java.util.function.Predicate<String> packaged;

    /** Suggests a Debian package when no JDK matches only if this machine's apt knows it. */
    SetupJava() {
        this(SetupJava::aptKnows);
    }

    SetupJava(java.util.function.Predicate<String> packaged) {
        this.packaged = packaged;
    }

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
        notDoneHere(call);
        String pkg = call.input("java-package", "jdk").toLowerCase(Locale.ROOT);
        if (!pkg.equals("jdk") && !pkg.equals("jre")) {
            throw new IllegalArgumentException("java-package '" + pkg + "': only jdk and jre are set up here");
        }
        List<String> asked = requested(call, "java-version", "java-version-file", List.of());
        if (asked.isEmpty()) {
            throw new IllegalArgumentException("java-version or java-version-file input expected");
        }
        List<HostTools.Installed> found = installed(call);
        List<HostTools.Installed> jdks = new ArrayList<>();
        for (String a : asked) {
            jdks.add(find(call, found, a));
        }
        boolean setDefault = call.flag("set-default", true);
        Map<String, String> env = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        for (HostTools.Installed jdk : jdks) {
            String home = jdk.location().toString();
            call.log().accept("Java configuration:");
            call.log()
                    .accept("  Distribution: " + distribution + " (this machine's "
                            + implementor(jdk.location()).orElse("JDK") + ")");
            call.log().accept("  Version: " + jdk.version());
            call.log().accept("  Path: " + home);
            env.put("JAVA_HOME_" + jdk.version().getMajor() + "_" + arch(), home);
            if (setDefault) {
                env.put("JAVA_HOME", home);
                path.add(jdk.location().resolve("bin").toString());
            }
        }
        toolchainsNotWritten(call, distribution, asked, jdks);
        HostTools.Installed last = jdks.get(jdks.size() - 1);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("distribution", distribution);
        outputs.put("version", last.version().toString());
        outputs.put("path", last.location().toString());
        outputs.put("cache-hit", "false");
        JavaProblemMatchers.register(call);
        return BuiltinResult.ok(outputs, env, path);
    }

    /** The highest JDK of {@code found} matching {@code asked}, one line of {@code java-version}. */
    private HostTools.Installed find(BuiltinCall call, List<HostTools.Installed> found, String asked) {
        VersionSpec spec = VersionSpec.parse("java", asked);
        boolean ea = VersionSpec.isEarlyAccess(asked);
        return HostTools.best(found, spec)
                .orElseThrow(() -> noMatch(
                        call,
                        ea ? "early-access JDK" : "JDK",
                        "matching '" + asked + "'",
                        found,
                        installHint(asked, ea),
                        "Java_<Vendor>_jdk/<version>/x64"));
    }

    /**
     * How to install a JDK for {@code asked}: the Debian package of its feature version when this machine's apt
     * knows one, else unpacking one under {@code /usr/lib/jvm} (where it is found), as Debian packages only some
     * versions (12 has 17, not 8 or 21) and no early-access builds.
     */
    private String installHint(String asked, boolean earlyAccess) {
        Optional<String> feature = leadingNumber(asked);
        String unpack = "unpack one into " + SYSTEM_JDKS;
        if (feature.isEmpty()) {
            return "install one (" + unpack + ")";
        }
        String name = "openjdk-" + feature.get() + "-jdk-headless";
        if (!earlyAccess && packaged.test(name)) {
            return "install one (e.g. apt-get install " + name + ")";
        }
        return "install one (" + unpack + (earlyAccess ? "" : "; apt knows no " + name + " here") + ")";
    }

    /** Whether this machine's apt knows the package {@code name}; false without apt. */
    private static boolean aptKnows(String name) {
        return HostTools.firstLine(List.of("apt-cache", "show", "--no-all-versions", name))
                .isPresent();
    }

    /**
     * Says which inputs given that would change the outcome on GitHub the built-in does nothing with, and why, one
     * notice each ({@code mvn-toolchain-id} and {@code mvn-toolchain-vendor}: {@link #toolchainsNotWritten}). Secrets
     * ({@code gpg-private-key}, {@code token}) are named, never shown.
     */
    private static void notDoneHere(BuiltinCall call) {
        String machine = arch().toLowerCase(Locale.ROOT);
        call.input("architecture")
                .map(a -> a.toLowerCase(Locale.ROOT))
                .filter(a -> !a.equals(machine)
                        && !(machine.equals("x64") && a.equals("amd64"))
                        && !(machine.equals("arm64") && a.equals("aarch64")))
                .ifPresent(a -> notDone(
                        call,
                        "architecture",
                        "is not set up by the built-in setup-java: it takes this machine's " + machine + " JDKs"));
        if (call.flag("check-latest", false)) {
            notDone(
                    call,
                    "check-latest",
                    "is not done by the built-in setup-java: with nothing to download it takes the highest installed"
                            + " JDK matching");
        }
        for (String file : List.of("jdk-file", "jdkFile")) {
            notDone(
                    call,
                    file,
                    "is not unpacked by the built-in setup-java: an installed JDK matching java-version is set up");
        }
        if (call.flag("verify-signature", false)) {
            notDone(call, "verify-signature", "has nothing to verify: the built-in setup-java downloads nothing");
        }
        if (call.input("gpg-private-key").isPresent()) {
            call.log()
                    .accept("::notice::gpg-private-key: the key is not imported into GnuPG by the built-in setup-java,"
                            + " and no settings.xml passes gpg-passphrase's variable ("
                            + call.input("gpg-passphrase", "GPG_PASSPHRASE")
                            + ") to Maven: a later step that signs (mvn deploy with maven-gpg-plugin) fails unless"
                            + " this machine's GnuPG already holds the key");
        }
        for (String settings : List.of("settings-path", "overwrite-settings")) {
            notDone(
                    call,
                    settings,
                    "is not used by the built-in setup-java: it writes no settings.xml or toolchains.xml");
        }
        notDone(
                call,
                "job-status",
                "is not used by the built-in setup-java: it decides whether the real action's post step saves the"
                        + " cache, which is not archived here");
        if (call.input("token").isPresent()) {
            call.log()
                    .accept("::notice::token: not used by the built-in setup-java: it asks no release list and"
                            + " downloads nothing");
        }
    }

    /**
     * Says, when it matters, that the Maven {@code toolchains.xml} the real action writes into {@code ~/.m2} (or
     * {@code settings-path}) is not written, as nothing is written into the user's home here, and what it would
     * hold: a build whose maven-toolchains-plugin picks among several JDKs, or by the {@code mvn-toolchain-id} or
     * {@code mvn-toolchain-vendor} given, needs those entries. A single JDK set up without those inputs is the
     * {@code JAVA_HOME} Maven runs on, and no notice is printed.
     */
    private static void toolchainsNotWritten(
            BuiltinCall call, String distribution, List<String> asked, List<HostTools.Installed> jdks) {
        List<String> ids = call.input("mvn-toolchain-id")
                .map(v -> v.lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
                .orElse(List.of());
        Optional<String> givenVendor = call.input("mvn-toolchain-vendor");
        if (jdks.size() < 2 && ids.isEmpty() && givenVendor.isEmpty()) {
            return;
        }
        String vendor = givenVendor.orElse(distribution);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < jdks.size(); i++) {
            // as the real action: an id per version when there are as many ids as versions, else vendor_version
            String id = ids.size() == asked.size() ? ids.get(i) : vendor + "_" + asked.get(i);
            entries.add("jdk version " + asked.get(i) + " vendor " + vendor + " id " + id + " at "
                    + jdks.get(i).location());
        }
        String where = call.input("settings-path").orElse("~/.m2");
        call.log()
                .accept("::notice::toolchains.xml is not written to " + where + " by the built-in setup-java (it"
                        + " writes nothing into the home directory); the real action would add: "
                        + String.join("; ", entries)
                        + ". A build with maven-toolchains-plugin needs these in its toolchains.xml; each JDK is"
                        + " also in JAVA_HOME_<major>_" + arch());
    }

    /**
     * The {@code distribution} input; without it, {@code zulu} when called as {@code actions/setup-java@v1}, which has
     * no such input and installs Zulu, else the error of the real action from v2 on, where it is required.
     */
    private static String distribution(BuiltinCall call) {
        Optional<String> given = call.input("distribution");
        if (given.isEmpty() && call.refMajor().orElse(0) == 1) { // v1, v1.4.3: the ref as GITHUB_ACTION_REF
            return "zulu";
        }
        String d =
                given.orElseThrow(() -> new IllegalArgumentException("Input required and not supplied: distribution"));
        if (!DISTRIBUTIONS.contains(d)) {
            throw new IllegalArgumentException("No supported distribution was found for input " + d + " (supported: "
                    + String.join(", ", DISTRIBUTIONS) + ")");
        }
        return d;
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
        Map<String, String> release = release(home);
        return Optional.ofNullable(release.get("JAVA_VERSION"))
                .map(v -> v.startsWith("1.") ? v.substring(2).replace('_', '.') : v) // 1.8.0_392 is 8.0.392
                .flatMap(HostTools::versionIn)
                .map(v -> earlyAccess(home, release) ? v.withPreRelease("ea") : v)
                .map(v -> new HostTools.Installed(v, home, home));
    }

    /**
     * Whether the JDK at {@code home} is an early-access build: its {@code release} file says so ({@code
     * JAVA_VERSION="27-ea"}, or {@code JAVA_RUNTIME_VERSION="27-ea+12-1234"} as OpenJDK's builds write it), or the
     * tool cache holds it as one ({@code Java_Temurin-Hotspot_jdk/27.0.0-ea.12/x64}, as the real action names them).
     */
    private static boolean earlyAccess(Path home, Map<String, String> release) {
        Path version = home.getParent();
        return release.getOrDefault("JAVA_VERSION", "").contains("-ea")
                || release.getOrDefault("JAVA_RUNTIME_VERSION", "").contains("-ea")
                || (home.getFileName().toString().equals("x64")
                        && version != null
                        && version.getFileName() != null
                        && VersionSpec.isEarlyAccess(version.getFileName().toString()));
    }

    private static Optional<String> implementor(Path home) {
        return Optional.ofNullable(release(home).get("IMPLEMENTOR"));
    }

    /**
     * The values of the JDK's {@code release} file, unquoted, read once per JDK (the first line of a key counts);
     * empty without one: not a JDK we can tell the version of.
     */
    private static Map<String, String> release(Path home) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    String v = line.substring(eq + 1).strip();
                    values.putIfAbsent(
                            line.substring(0, eq),
                            v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2
                                    ? v.substring(1, v.length() - 1)
                                    : v);
                }
            }
        } catch (IOException e) {
            // no release file
        }
        return values;
    }
}
