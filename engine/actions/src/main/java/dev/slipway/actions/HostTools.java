package dev.slipway.actions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.semver4j.Semver;

/**
 * Finds the installed versions of a tool on this machine for the built-in setup actions: programs on the step's {@code
 * PATH} and in the runner's tool cache ({@code RUNNER_TOOL_CACHE}, laid out as GitHub's: {@code
 * <tool>/<version>/x64}), each asked its version.
 */
final class HostTools {
    private static final long PROBE_SECONDS = 10;
    private static final Pattern VERSION = Pattern.compile("(\\d+)(\\.\\d+)?(\\.\\d+)?");

    private HostTools() {}

    /**
     * A version of a tool found here.
     *
     * @param version its version
     * @param location the program (Python, Node.js) or the installation's home (a JDK)
     * @param prefix where it is installed ({@code sys.prefix} of a Python; the JDK's home)
     * @param variant which build of the tool, when it has several: empty for the usual one; for Python {@code t} (a
     *     free-threaded CPython) or {@code PyPy 7.3.17}
     */
    record Installed(Semver version, Path location, Path prefix, String variant) {
        /** The usual build. */
        Installed(Semver version, Path location, Path prefix) {
            this(version, location, prefix, "");
        }

        /** {@code 3.13.0t}, {@code 3.10.14 PyPy 7.3.17}, {@code 3.12.1}. */
        String label() {
            return variant.isEmpty() || variant.equals("t") ? version + variant : version + " " + variant;
        }
    }

    /**
     * The executable files {@code names} in the directories of {@code path}, each once (by its real path). A version
     * manager's {@code shims} directory is passed over: a shim runs the version that the directory it is run in
     * selects, not a fixed one; the versions it manages are looked for where it installs them ({@link #installedBy}).
     */
    static List<Path> onPath(String path, Pattern names) {
        List<Path> found = new ArrayList<>();
        for (String dir : path.split(":")) {
            if (dir.isEmpty() || Path.of(dir).endsWith("shims")) {
                continue;
            }
            try (Stream<Path> entries = Files.list(Path.of(dir))) {
                entries.filter(p -> names.matcher(p.getFileName().toString()).matches())
                        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                        .sorted()
                        .forEach(found::add);
            } catch (IOException | RuntimeException e) {
                // a directory of PATH that does not exist or cannot be read, as the shell would skip it
            }
        }
        return distinct(found);
    }

    /** {@code paths} that exist, in order, each once by its real path (the first name kept). */
    static List<Path> distinct(List<Path> paths) {
        Map<Path, Path> byReal = new LinkedHashMap<>();
        for (Path p : paths) {
            try {
                byReal.putIfAbsent(p.toRealPath(), p);
            } catch (IOException e) {
                // not there (any more)
            }
        }
        return List.copyOf(byReal.values());
    }

    /**
     * {@code <root>/<version>/bin/<program>} for each version a version manager installed under {@code root} (pyenv's
     * {@code versions}, asdf's {@code installs/<tool>}, nvm's {@code versions/node}).
     */
    static List<Path> installedBy(Path root, String program) {
        List<Path> out = new ArrayList<>();
        for (Path version : children(root)) {
            out.add(version.resolve("bin").resolve(program));
        }
        return out;
    }

    /** {@code <cache>/<tool>/<version>/x64/bin/<program>} for each version in the tool cache, sorted. */
    static List<Path> inToolCache(Optional<String> toolCache, String tool, String program) {
        if (toolCache.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(Path.of(toolCache.get(), tool))) {
            return versions.map(v -> v.resolve("x64"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .map(dir -> dir.resolve("bin").resolve(program))
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Runs {@code command} and returns the first line it printed on standard output when it exits with 0 within a
     * few seconds; empty otherwise, and a program that does not end by then is killed. The output goes to a file, so
     * that the wait comes first: reading a pipe to its end waited as long as the program ran, for ever for one that
     * hangs.
     */
    static Optional<String> firstLine(List<String> command) {
        Path out;
        try {
            out = Files.createTempFile("slipway-probe", ".txt");
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(out)) {
                String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                // a file of a few bytes left in the temporary directory
            }
        }
    }

    /** The first {@code major[.minor[.patch]]} in {@code text} as a version ({@code v20.1.0}, {@code 17.0.15+6}). */
    static Optional<Semver> versionIn(String text) {
        var m = VERSION.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.ofNullable(Semver.coerce(m.group()));
    }

    /** Every entry of {@code dirs} that is a directory, for roots such as {@code /usr/lib/jvm}. */
    static List<Path> children(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The highest of {@code found} that {@code spec} asks for. */
    static Optional<Installed> best(List<Installed> found, VersionSpec spec) {
        Installed best = null;
        for (Installed i : found) {
            if (spec.matches(i.version()) && (best == null || i.version().isGreaterThan(best.version()))) {
                best = i;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "3.11.7 (/usr/bin/python3), 3.12.1 (...)", lowest first, or "none", for error messages. */
    static String describe(List<Installed> found) {
        if (found.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        List<Installed> sorted = new ArrayList<>(found);
        sorted.sort((a, b) -> a.version().compareTo(b.version()));
        for (Installed i : sorted) {
            parts.add(i.label() + " (" + i.location() + ")");
        }
        return String.join(", ", parts);
    }
}
