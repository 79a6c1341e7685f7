package dev.slipway.actions;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * A version asked of a setup action ({@code python-version: 3.x}, {@code node-version: lts/*}, {@code java-version:
 * 17}): npm-style ranges as the {@code actions/setup-*} actions take them (a bare {@code 3.11} is every 3.11.x), plus
 * the aliases those actions know ({@code lts/iron}, {@code lts/-1}).
 *
 * @param text the version as the workflow wrote it
 */
record VersionSpec(String text, Predicate<Semver> test) {
    private static final Pattern RANGE = Pattern.compile("[0-9xX*.<>=^~| -]+");
    /** The early-access suffix of a Java version, with the build the real action allows after it. */
    private static final Pattern EARLY_ACCESS = Pattern.compile("-ea(\\.[0-9]+)?$");
    /** Node.js release lines by their LTS code names, as {@code actions/setup-node} knows them. */
    private static final Map<String, Integer> NODE_LTS = Map.ofEntries(
            Map.entry("argon", 4),
            Map.entry("boron", 6),
            Map.entry("carbon", 8),
            Map.entry("dubnium", 10),
            Map.entry("erbium", 12),
            Map.entry("fermium", 14),
            Map.entry("gallium", 16),
            Map.entry("hydrogen", 18),
            Map.entry("iron", 20),
            Map.entry("jod", 22),
            Map.entry("krypton", 24));

    /** Whether {@code version} is one this spec asks for. */
    boolean matches(Semver version) {
        return test.test(version);
    }

    /** {@link #parse(String, String, List)} knowing no installed versions. */
    static VersionSpec parse(String tool, String text) {
        return parse(tool, text, List.of());
    }

    /**
     * Parses {@code text} for {@code tool} ({@code python}, {@code node}, {@code java} or {@code go}); {@code installed}
     * are the versions installed here, which {@code lts/-n} needs.
     *
     * @throws IllegalArgumentException with a message for the user when it is not a version this action takes
     */
    static VersionSpec parse(String tool, String text, List<Semver> installed) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (tool.equals("node")) {
            if (lower.equals("latest") || lower.equals("current") || lower.equals("node")) {
                return new VersionSpec(t, v -> true);
            }
            if (lower.equals("lts/*")) {
                return new VersionSpec(t, v -> isLtsMajor(v.getMajor()));
            }
            if (lower.matches("lts/-[1-9][0-9]{0,2}")) {
                int major = olderLts(t, Integer.parseInt(lower.substring(5)), installed);
                return new VersionSpec(t, v -> v.getMajor() == major);
            }
            if (lower.startsWith("lts/")) {
                Integer major = NODE_LTS.get(lower.substring(4));
                if (major == null) {
                    throw new IllegalArgumentException(
                            "unknown Node.js LTS line '" + t + "' (known: lts/*, lts/-n, lts/"
                                    + String.join(
                                            ", lts/",
                                            NODE_LTS.keySet().stream().sorted().toList()) + ")");
                }
                return new VersionSpec(t, v -> v.getMajor() == major);
            }
            if (lower.startsWith("v") && lower.length() > 1 && Character.isDigit(lower.charAt(1))) {
                lower = lower.substring(1);
            }
        }
        if (tool.equals("go")) {
            if (lower.equals("stable")) {
                return new VersionSpec(t, v -> true); // the newest installed: there is no release list offline
            }
            if (lower.startsWith("go")) {
                lower = lower.substring(2); // go1.22.1, as go.mod's toolchain line writes it
            }
        }
        if (tool.equals("python") && lower.endsWith("-dev")) {
            lower = lower.substring(0, lower.length() - 4); // a pre-release of that line, or its release
        }
        boolean earlyAccess = false;
        if (tool.equals("java")) {
            int plus = lower.indexOf('+');
            if (plus > 0) {
                lower = lower.substring(0, plus); // 17.0.7+7: the build number is not matched
            }
            earlyAccess = isEarlyAccess(lower);
            lower = EARLY_ACCESS.matcher(lower).replaceFirst(""); // 27-ea, 27.0.0-ea.12: the build is not matched
            if (lower.startsWith("1.8")) {
                lower = "8" + lower.substring(3);
            }
        }
        if (lower.isEmpty() || !RANGE.matcher(lower).matches()) {
            throw new IllegalArgumentException("'" + t + "' is not a version or version range");
        }
        String range = lower;
        if (tool.equals("java")) {
            // as the real action: an early-access version asks only early-access JDKs, any other only releases
            boolean ea = earlyAccess;
            return new VersionSpec(
                    t,
                    v -> v.getPreRelease().isEmpty() != ea
                            && v.withClearedPreRelease().satisfies(range));
        }
        return new VersionSpec(t, v -> v.satisfies(range));
    }

    /**
     * Whether a Java version asks for an early-access build: {@code 27-ea}, {@code 27.0.0-ea.12}, as {@code
     * actions/setup-java} takes them. A JDK found here that is one has the pre-release {@code ea} in its version.
     */
    static boolean isEarlyAccess(String javaVersion) {
        return EARLY_ACCESS
                .matcher(javaVersion.strip().toLowerCase(Locale.ROOT))
                .find();
    }

    /** Whether Node.js {@code major} is an LTS line: the even ones from 4 on. */
    private static boolean isLtsMajor(int major) {
        return major >= 4 && major % 2 == 0;
    }

    /**
     * The major of {@code lts/-n}: the LTS line {@code n} below the newest. With no release list offline, the lines
     * are those of the code names and every even major from 4 of the versions {@code installed}.
     */
    private static int olderLts(String text, int n, List<Semver> installed) {
        TreeSet<Integer> lines = new TreeSet<>(NODE_LTS.values());
        installed.stream().map(Semver::getMajor).filter(VersionSpec::isLtsMajor).forEach(lines::add);
        List<Integer> newestFirst = List.copyOf(lines.descendingSet());
        if (n >= newestFirst.size()) {
            throw new IllegalArgumentException("no Node.js LTS line '" + text + "': the lines known here are "
                    + newestFirst + " (those with an LTS code name and the even majors installed)");
        }
        return newestFirst.get(n);
    }
}
