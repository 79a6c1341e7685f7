package dev.slipway.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the built-in {@code actions/setup-python}, {@code actions/setup-node}, {@code actions/setup-java} and {@code
 * actions/setup-go} share. There is no internet to download a toolchain from, so each sets up a version installed on this machine (on the
 * step's {@code PATH}, in the runner's tool cache or where the tool's packages install it) that matches the version
 * asked for, and fails naming what it found when none does. Host jobs only: a job container does not see the host's
 * programs.
 */
abstract class SetupTool implements BuiltinAction {
    @Override
    public final boolean hostOnly() {
        return true;
    }

    @Override
    public final BuiltinResult main(BuiltinCall call) {
        try {
            return setUp(call);
        } catch (IOException | IllegalArgumentException e) {
            return BuiltinResult.failure(ref() + ": " + e.getMessage());
        }
    }

    /**
     * Sets the tool up; a mistake of the workflow or a version not found is an {@link IllegalArgumentException} whose
     * message the step's error shows.
     */
    abstract BuiltinResult setUp(BuiltinCall call) throws IOException;

    /**
     * The versions asked for: the lines of the version input, else the version in {@code fileInput}'s file, else in
     * the first of {@code defaultFiles} present in the workspace; empty when none is given anywhere.
     */
    List<String> requested(BuiltinCall call, String versionInput, String fileInput, List<String> defaultFiles)
            throws IOException {
        Optional<String> given = call.input(versionInput);
        if (given.isPresent()) {
            return given.get()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        }
        Optional<String> file = call.input(fileInput);
        if (file.isPresent()) {
            Path p = call.workspace().resolve(file.get());
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(
                        "input '" + fileInput + "': no such file " + file.get() + " in the workspace");
            }
            return versionIn(p, file.get())
                    .map(SetupTool::lines)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "input '" + fileInput + "': no version found in " + file.get()));
        }
        for (String name : defaultFiles) {
            Path p = call.workspace().resolve(name);
            if (Files.isRegularFile(p)) {
                call.log().accept("Using the version in " + name);
                Optional<String> v = versionIn(p, name);
                if (v.isPresent()) {
                    return lines(v.get());
                }
            }
        }
        return List.of();
    }

    /** The versions a file gave, one per line (a {@code .python-version} may name several). */
    private static List<String> lines(String versions) {
        return versions.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The names of the tool in asdf's {@code .tool-versions} and sdkman's {@code .sdkmanrc}. */
    abstract List<String> toolNames();

    /**
     * The version the version file {@code file} gives ({@code given}: its name as the workflow wrote it, for messages):
     * the formats all tools share ({@link #versionsInFile}); a tool whose own files say more ({@code package.json},
     * {@code go.mod}) reads those itself.
     */
    Optional<String> versionIn(Path file, String given) throws IOException {
        return versionsInFile(file, toolNames());
    }

    /**
     * The version a version file gives: {@code .python-version}, {@code .nvmrc} and the like hold it on their first
     * line that is not a comment; {@code .tool-versions} ({@code nodejs 20.1.0}, {@code java temurin-17.0.2+8}) and
     * {@code .sdkmanrc} ({@code java=17.0.2-tem}) on the line of the tool, one of {@code names}.
     */
    static Optional<String> versionsInFile(Path file, List<String> names) throws IOException {
        String name = file.getFileName().toString();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (name.equals(".tool-versions")) {
                String[] words = line.split("\\s+");
                if (words.length >= 2 && names.contains(words[0])) {
                    return Optional.of(afterDistribution(words[1]));
                }
                continue;
            }
            if (name.equals(".sdkmanrc")) {
                int eq = line.indexOf('=');
                if (eq > 0 && names.contains(line.substring(0, eq).strip())) {
                    String v = line.substring(eq + 1).strip();
                    int dash = v.indexOf('-');
                    return Optional.of(dash > 0 ? v.substring(0, dash) : v);
                }
                continue;
            }
            return Optional.of(line);
        }
        return Optional.empty();
    }

    /** {@code temurin-17.0.2+8} → {@code 17.0.2+8}; a plain version stays as it is. */
    private static String afterDistribution(String v) {
        int dash = v.lastIndexOf('-');
        return dash > 0 && !Character.isDigit(v.charAt(0)) ? v.substring(dash + 1) : v;
    }

    /**
     * Writes {@code dir/name}, an executable script that runs {@code target} with {@code args} before the caller's
     * arguments. Scripts rather than links, so that one form serves the programs and {@code pip} (the interpreter
     * with {@code -m pip}) alike.
     */
    static void wrapper(Path dir, String name, Path target, String... args) throws IOException {
        Files.createDirectories(dir);
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec ").append(quoted(target.toString()));
        for (String a : args) {
            script.append(' ').append(quoted(a));
        }
        script.append(" \"$@\"\n");
        Path file = dir.resolve(name);
        Files.writeString(file, script.toString(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Where a setup action puts its wrappers for this job: in the runner temp directory, gone after the job. */
    static Path toolDir(BuiltinCall call, String tool, String version) {
        Path temp = call.envVar("RUNNER_TEMP")
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException("RUNNER_TEMP is not set"));
        return temp.resolve("_tools").resolve(tool).resolve(version);
    }

    /** Logs that an input of the real action is accepted but has no effect here, when the workflow gave it. */
    static void notDone(BuiltinCall call, String input, String why) {
        call.input(input).ifPresent(v -> call.log().accept("::notice::" + input + ": '" + v + "' " + why));
    }

    /**
     * The error for no match: what was asked, what was found, and how to make it available: {@code install} (a package
     * to install), or a copy in the job's tool cache, named, laid out as {@code layout} ({@code node/<version>/x64}).
     */
    static IllegalArgumentException noMatch(
            BuiltinCall call,
            String tool,
            String asked,
            List<HostTools.Installed> found,
            String install,
            String layout) {
        String cache = call.envVar("RUNNER_TOOL_CACHE").orElse("$RUNNER_TOOL_CACHE (not set)");
        return new IllegalArgumentException("no " + tool + (asked.isEmpty() ? "" : " " + asked)
                + " on this machine (found: " + HostTools.describe(found) + "); " + install
                + " or put it in the tool cache as " + Path.of(cache, layout));
    }

    /**
     * Each of {@code candidates} but the wrappers this job's setup actions wrote (under {@code env}'s {@code
     * RUNNER_TEMP}) asked its version by {@code probe}, all
     * at once (a version manager's shim takes a
     * few hundred milliseconds to answer); the ones that answer, in the order of {@code candidates}, each installation
     * once (a {@code python}, {@code python3} and {@code python3.11} of one prefix are one).
     */
    static List<HostTools.Installed> probeAll(Map<String, String> env, List<Path> candidates, Prober probe) {
        Optional<Path> ours = BuiltinCall.envVar(env, "RUNNER_TEMP").map(t -> Path.of(t, "_tools"));
        List<Future<Optional<HostTools.Installed>>> answers = new ArrayList<>();
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Path c : candidates) {
                if (ours.isPresent() && c.startsWith(ours.get())) {
                    continue; // a wrapper a setup action of this job wrote (toolDir)
                }
                answers.add(probes.submit(() -> probe.probe(c)));
            }
        }
        List<HostTools.Installed> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Future<Optional<HostTools.Installed>> a : answers) {
            Optional<HostTools.Installed> found;
            try {
                found = a.get();
            } catch (ExecutionException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found.filter(i -> seen.add(i.label() + " " + i.prefix())).ifPresent(out::add);
        }
        return out;
    }

    /** Asks one candidate its version. */
    @FunctionalInterface
    interface Prober {
        Optional<HostTools.Installed> probe(Path candidate);
    }
}
