package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * {@code actions/setup-python} without downloading: a CPython installed here ({@code python3.N}, {@code python3} or
 * {@code python} on the step's {@code PATH}, {@code $RUNNER_TOOL_CACHE/Python/<version>/x64/bin/python}, or a version
 * pyenv or asdf installed) that
 * matches {@code python-version} (or {@code python-version-file}, or {@code .python-version}), the highest that does.
 * Later steps find it first on {@code PATH} as {@code python}, {@code python3}, {@code python3.N}, {@code pip} and
 * {@code pip3}, and get {@code pythonLocation} and the {@code Python*_ROOT_DIR} variables, as from the real action.
 */
final class SetupPython extends SetupTool {
    /** The real action's inputs, in all its versions (a name none has draws a warning, as on GitHub). */
    private static final java.util.Set<String> INPUTS = java.util.Set.of(
            "python-version",
            "python-version-file",
            "cache",
            "architecture",
            "check-latest",
            "token",
            "cache-dependency-path",
            "update-environment",
            "allow-prereleases",
            "freethreaded",
            "pip-version",
            "pip-install");

    private static final String LAYOUT = "Python/<version>/x64";
    private static final Pattern MINOR = Pattern.compile("^(3\\.\\d+)");
    private static final Pattern NAMES = Pattern.compile("python3(\\.[0-9]+)?|python");
    private static final String PROBE = "import sys; print('%d.%d.%d' % sys.version_info[:3], sys.prefix)";

    @Override
    public String ref() {
        return "actions/setup-python";
    }

    @Override
    public java.util.Set<String> inputs() {
        return INPUTS;
    }

    @Override
    List<String> toolNames() {
        return List.of("python");
    }

    @Override
    BuiltinResult setUp(BuiltinCall call) throws IOException {
        List<String> asked = requested(call, "python-version", "python-version-file", List.of(".python-version"));
        List<HostTools.Installed> found = installed(call);
        // as the real action: the cache only with a version asked
        Optional<String> cache = asked.isEmpty() ? Optional.empty() : call.input("cache");
        if (asked.isEmpty()) {
            call.log()
                    .accept("::warning::Neither 'python-version' nor 'python-version-file' was given and there is"
                            + " no .python-version: using the first Python on PATH");
            HostTools.Installed first = found.stream()
                    .findFirst()
                    .orElseThrow(() -> noMatch(call, "Python", "", found, hint("3.12"), LAYOUT));
            asked = List.of(first.version().toString());
        }
        boolean updateEnv = call.flag("update-environment", true);
        Map<String, String> env = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String a : asked) { // several lines: all set up, the last one first on PATH
            VersionSpec spec = VersionSpec.parse("python", a);
            HostTools.Installed python = HostTools.best(found, spec)
                    .orElseThrow(() -> noMatch(call, "Python", "matching '" + a + "'", found, hint(a), LAYOUT));
            Semver v = python.version();
            Path bin = toolDir(call, "Python", v.toString()).resolve("bin");
            for (String name : List.of("python", "python3", "python" + v.getMajor() + "." + v.getMinor())) {
                wrapper(bin, name, python.location());
            }
            wrapper(bin, "pip", python.location(), "-m", "pip");
            wrapper(bin, "pip3", python.location(), "-m", "pip");
            call.log().accept("Successfully set up CPython (" + v + ") from " + python.location());
            path.add(bin.toString());
            outputs.put("python-version", v.toString());
            outputs.put("python-path", bin.resolve("python").toString());
            if (updateEnv) {
                String prefix = python.prefix().toString();
                env.put("pythonLocation", prefix);
                env.put("PKG_CONFIG_PATH", prefix + "/lib/pkgconfig");
                env.put("Python_ROOT_DIR", prefix);
                env.put("Python" + v.getMajor() + "_ROOT_DIR", prefix);
            }
        }
        if (cache.isPresent()) {
            CacheInputs.python(call, cache.get(), updateEnv ? path : List.of());
            notDone(
                    call,
                    "cache",
                    "is not archived by the built-in setup-python: the package manager's own cache on this machine"
                            + " outlives the job; actions/cache archives other paths");
        }
        outputs.put("cache-hit", "false");
        return BuiltinResult.ok(outputs, env, updateEnv ? path : List.of());
    }

    /** How to make a Python available; names Debian's package of the version asked when it is one ({@code 3.12}). */
    private static String hint(String asked) {
        Matcher m = MINOR.matcher(asked.strip());
        return "install it (e.g. apt-get install python" + (m.find() ? m.group(1) : "3") + ")";
    }

    /** Every CPython here that answers, PATH's first. */
    static List<HostTools.Installed> installed(BuiltinCall call) {
        List<Path> candidates =
                new ArrayList<>(HostTools.onPath(call.envVar("PATH").orElse(""), NAMES));
        candidates.addAll(HostTools.inToolCache(call.envVar("RUNNER_TOOL_CACHE"), "Python", "python"));
        call.envVar("HOME").ifPresent(home -> {
            Path pyenv = call.envVar("PYENV_ROOT").map(Path::of).orElse(Path.of(home, ".pyenv"));
            candidates.addAll(HostTools.installedBy(pyenv.resolve("versions"), "python"));
            candidates.addAll(HostTools.installedBy(Path.of(home, ".asdf", "installs", "python"), "python"));
        });
        return probeAll(call.env(), candidates, SetupPython::probe);
    }

    private static Optional<HostTools.Installed> probe(Path python) {
        return HostTools.firstLine(List.of(python.toString(), "-c", PROBE)).flatMap(line -> {
            String[] parts = line.split(" ", 2);
            return parts.length < 2
                    ? Optional.empty()
                    : HostTools.versionIn(parts[0]).map(v -> new HostTools.Installed(v, python, Path.of(parts[1])));
        });
    }
}
