package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
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
 * {@code actions/setup-python} without downloading: a Python installed here ({@code python3.N}, {@code python3},
 * {@code python} or {@code pypy3} on the step's {@code PATH}, {@code $RUNNER_TOOL_CACHE/Python/<version>/x64/bin/python}
 * or {@code PyPy/...}, or a version pyenv or asdf installed) that matches {@code python-version} (or
 * {@code python-version-file}: a plain file, {@code .tool-versions}, {@code Pipfile}'s {@code [requires]} or
 * {@code pyproject.toml}'s {@code project.requires-python}; or {@code .python-version}), the highest that does:
 * CPython for {@code 3.12}, a free-threaded CPython for {@code 3.13t} or {@code freethreaded: true}, PyPy for
 * {@code pypy3.10}, {@code pypy-3.10} or {@code pypy3.10-v7.3.x}. As the real action does, an installation of its own
 * (pyenv's, asdf's, the tool cache's, a virtual environment) has its directory and its {@code bin} put first on
 * {@code PATH}, so that what {@code pip install} puts there ({@code pytest}, {@code tox}) is found by later steps, and
 * gets {@code LD_LIBRARY_PATH}; a Python in a directory other programs share ({@code /usr/bin}) gets wrappers
 * ({@code python}, {@code python3}, {@code python3.N}, {@code pip}, {@code pip3}) in the job's temporary directory
 * instead. Later steps get {@code pythonLocation} and the {@code Python*_ROOT_DIR} variables, as from the real action.
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
    private static final Pattern NAMES = Pattern.compile("python3(\\.[0-9]+t?)?|python|pypy3(\\.[0-9]+)?|pypy");
    /** Python 2.7 and 3, CPython and PyPy alike: version, kind, free-threaded or not, PyPy's version, prefix. */
    private static final String PROBE = "import sys, sysconfig; i = getattr(sys, 'implementation', None);"
            + " p = getattr(sys, 'pypy_version_info', None); v = sys.version_info;"
            + " print('%d.%d.%d %s %d %s %s' % (v[0], v[1], v[2], i.name if i else ('pypy' if p else 'cpython'),"
            + " 1 if sysconfig.get_config_var('Py_GIL_DISABLED') else 0,"
            + " '%d.%d.%d' % tuple(p[:3]) if p else '-', sys.prefix))";
    /** Prefixes other programs share: a Python there gets wrappers rather than its directory first on PATH. */
    private static final java.util.Set<Path> SHARED =
            java.util.Set.of(Path.of("/usr"), Path.of("/usr/local"), Path.of("/"));

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

    /** What a version asks for: CPython, a free-threaded CPython or PyPy, of Python {@code version}. */
    record Wanted(String kind, String version, Optional<String> pypy) {
        static final String CPYTHON = "CPython";
        static final String FREE_THREADED = "free-threaded CPython";
        static final String PYPY = "PyPy";

        /** Reads {@code 3.12}, {@code 3.13t}, {@code pypy3.10}, {@code pypy-3.10}, {@code pypy3.10-v7.3.x}. */
        static Wanted parse(String asked, boolean freethreaded) {
            String a = asked.strip();
            String lower = a.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("graalpy")) {
                throw new IllegalArgumentException("'" + a + "': GraalPy is not set up by the built-in setup-python"
                        + " (CPython and PyPy installed on this machine are)");
            }
            if (lower.startsWith("pypy")) {
                String rest = a.substring(4);
                rest = rest.startsWith("-") ? rest.substring(1) : rest;
                int dash = rest.indexOf('-');
                String python = dash < 0 ? rest : rest.substring(0, dash);
                Optional<String> pypy = dash < 0 ? Optional.empty() : Optional.of(rest.substring(dash + 1));
                pypy = pypy.map(v -> v.startsWith("v") ? v.substring(1) : v);
                if (pypy.filter(v -> v.equals("nightly")).isPresent()) {
                    throw new IllegalArgumentException(
                            "'" + a + "': a PyPy nightly build needs a download; there is no internet here");
                }
                return new Wanted(PYPY, python.isEmpty() ? "3" : python, pypy);
            }
            if (lower.endsWith("t") && lower.length() > 1 && Character.isDigit(lower.charAt(lower.length() - 2))) {
                return new Wanted(FREE_THREADED, a.substring(0, a.length() - 1), Optional.empty());
            }
            return new Wanted(freethreaded ? FREE_THREADED : CPYTHON, a, Optional.empty());
        }

        /** The highest of {@code found} of this kind whose versions (Python's, and PyPy's when asked) match. */
        Optional<HostTools.Installed> best(List<HostTools.Installed> found) {
            VersionSpec python = VersionSpec.parse("python", version);
            Optional<VersionSpec> pypyVersion = pypy.map(v -> VersionSpec.parse("python", v));
            List<HostTools.Installed> ofKind = found.stream()
                    .filter(i -> kind.equals(kindOf(i)))
                    .filter(i -> pypyVersion
                            .map(spec -> spec.matches(org.semver4j.Semver.coerce(pypyVersion(i))))
                            .orElse(true))
                    .toList();
            return HostTools.best(ofKind, python);
        }

        /** Where the tool cache holds it, as GitHub's runner images lay it out. */
        String layout() {
            return kind.equals(PYPY) ? "PyPy/<version>/x64" : LAYOUT;
        }

        /** For messages: {@code Python}, {@code PyPy}, {@code free-threaded CPython}. */
        String tool() {
            return kind.equals(CPYTHON) ? "Python" : kind;
        }

        /** For messages: {@code matching '3.10'}, {@code matching '3.10' (PyPy 7.3.x)}. */
        String describe() {
            return "matching '" + version + pypy.map(v -> "' (PyPy " + v + ")").orElse("'");
        }

        private static String kindOf(HostTools.Installed i) {
            return i.variant().startsWith(PYPY_VARIANT) ? PYPY : i.variant().equals("t") ? FREE_THREADED : CPYTHON;
        }
    }

    @Override
    BuiltinResult setUp(BuiltinCall call) throws IOException {
        List<String> asked = requested(call, "python-version", "python-version-file", List.of(".python-version"));
        List<HostTools.Installed> found = installed(call);
        boolean freethreaded = call.flag("freethreaded", false);
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
            Wanted wanted = Wanted.parse(a, freethreaded);
            HostTools.Installed python = wanted.best(found)
                    .orElseThrow(() ->
                            noMatch(call, wanted.tool(), wanted.describe(), found, hint(wanted), wanted.layout()));
            Semver v = python.version();
            Path prefix = python.prefix();
            Optional<Path> own = ownBin(python);
            Path bin;
            if (own.isPresent()) {
                bin = own.get();
                path.add(prefix.toString()); // as the real action: the installation, then its bin, first on PATH
                path.add(bin.toString());
            } else {
                bin = toolDir(call, "Python", python.label().replace(' ', '-')).resolve("bin");
                for (String name : List.of("python", "python3", "python" + v.getMajor() + "." + v.getMinor())) {
                    wrapper(bin, name, python.location());
                }
                wrapper(bin, "pip", python.location(), "-m", "pip");
                wrapper(bin, "pip3", python.location(), "-m", "pip");
                path.add(bin.toString());
            }
            call.log()
                    .accept("Successfully set up " + wanted.kind() + " (" + python.label() + ") from "
                            + python.location());
            String version = wanted.kind().equals(Wanted.PYPY)
                    ? "pypy" + v + "-" + pypyVersion(python)
                    : v + (wanted.kind().equals(Wanted.FREE_THREADED) ? "t" : "");
            outputs.put("python-version", version);
            Path interpreter = bin.resolve("python");
            outputs.put(
                    "python-path",
                    (Files.exists(interpreter) && own.isPresent() ? interpreter : python.location()).toString());
            if (updateEnv) {
                String p = prefix.toString();
                env.put("pythonLocation", p);
                env.put("PKG_CONFIG_PATH", p + "/lib/pkgconfig");
                env.put("Python_ROOT_DIR", p);
                env.put("Python2_ROOT_DIR", p);
                env.put("Python3_ROOT_DIR", p);
                if (own.isPresent()) { // as the real action on Linux; not for /usr, whose lib the loader knows
                    String lib = prefix.resolve("lib").toString();
                    String current = env.getOrDefault(
                            "LD_LIBRARY_PATH", call.envVar("LD_LIBRARY_PATH").orElse(""));
                    if (!List.of(current.split(":")).contains(lib)) {
                        env.put("LD_LIBRARY_PATH", current.isEmpty() ? lib : lib + ":" + current);
                    }
                }
            }
        }
        notDone(
                call,
                "pip-version",
                "is not installed by the built-in setup-python: it would change this machine's Python for every"
                        + " later use; run `python -m pip install pip==<version>` in a step if the job needs it");
        notDone(call, "pip-install", "is not run by the built-in setup-python; run `python -m pip install` in a step");
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

    /**
     * The {@code bin} of an installation of its own ({@code <prefix>/bin}, holding the interpreter, or the real
     * interpreter's directory), where {@code pip install} puts programs; empty for a Python under a prefix other
     * programs share ({@code /usr}).
     */
    static Optional<Path> ownBin(HostTools.Installed python) {
        Path prefix = python.prefix().toAbsolutePath().normalize();
        if (SHARED.contains(prefix)) {
            return Optional.empty();
        }
        Path bin = prefix.resolve("bin");
        List<Path> dirs = new ArrayList<>();
        dirs.add(python.location().toAbsolutePath().getParent());
        try {
            dirs.add(python.location().toRealPath().getParent());
        } catch (IOException e) {
            // gone since it was probed: its own directory is all there is to look at
        }
        return dirs.stream().anyMatch(bin::equals) ? Optional.of(bin) : Optional.empty();
    }

    /**
     * A plain version file gives every line but comments ({@code 3.10/envs/name}, a pyenv-virtualenv, as 3.10). Also
     * the version files of Python's own tools, as the real action reads them: {@code pyproject.toml} (any
     * {@code .toml}: {@code project.requires-python}, else {@code tool.poetry.dependencies.python}, commas read as
     * spaces) and {@code Pipfile} ({@code [requires]}'s {@code python_full_version}, else {@code python_version}).
     */
    @Override
    Optional<String> versionIn(Path file, String given) throws IOException {
        String name = file.getFileName().toString();
        if (name.equals(".tool-versions") || name.equals(".sdkmanrc")) {
            return super.versionIn(file, given);
        }
        if (!name.endsWith(".toml") && !name.contains("Pipfile")) {
            // as the real action: every line but comments, a pyenv-virtualenv's `3.10/envs/name` read as 3.10
            String versions = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("/", 2)[0])
                    .collect(java.util.stream.Collectors.joining("\n"));
            return versions.isEmpty() ? Optional.empty() : Optional.of(versions);
        }
        com.fasterxml.jackson.databind.JsonNode toml;
        try {
            toml = new com.fasterxml.jackson.dataformat.toml.TomlMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(
                    "input 'python-version-file': " + given + " is not valid TOML: " + e.getOriginalMessage(), e);
        }
        if (!name.endsWith(".toml")) {
            com.fasterxml.jackson.databind.JsonNode requires = toml.path("requires");
            com.fasterxml.jackson.databind.JsonNode v = requires.has("python_full_version")
                    ? requires.path("python_full_version")
                    : requires.path("python_version");
            return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
        }
        com.fasterxml.jackson.databind.JsonNode v = toml.has("project")
                ? toml.path("project").path("requires-python")
                : toml.path("tool").path("poetry").path("dependencies").path("python");
        if (!v.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(v.asText().replace(',', ' '));
    }

    /** How to make {@code wanted} available. */
    private static String hint(Wanted wanted) {
        return switch (wanted.kind()) {
            case Wanted.PYPY -> "install it (pyenv install pypy" + wanted.version() + ", or unpack a PyPy release)";
            case Wanted.FREE_THREADED -> "install one (pyenv install " + wanted.version() + "t)";
            default -> hint(wanted.version());
        };
    }

    /** How to make a Python available; names Debian's package of the version asked when it is one ({@code 3.12}). */
    private static String hint(String asked) {
        Matcher m = MINOR.matcher(asked.strip());
        return "install it (e.g. apt-get install python" + (m.find() ? m.group(1) : "3") + ")";
    }

    /** Every Python here that answers (CPython and PyPy), PATH's first. */
    static List<HostTools.Installed> installed(BuiltinCall call) {
        List<Path> candidates =
                new ArrayList<>(HostTools.onPath(call.envVar("PATH").orElse(""), NAMES));
        candidates.addAll(HostTools.inToolCache(call.envVar("RUNNER_TOOL_CACHE"), "Python", "python"));
        candidates.addAll(HostTools.inToolCache(call.envVar("RUNNER_TOOL_CACHE"), "PyPy", "python"));
        call.envVar("HOME").ifPresent(home -> {
            Path pyenv = call.envVar("PYENV_ROOT").map(Path::of).orElse(Path.of(home, ".pyenv"));
            for (Path root : List.of(pyenv.resolve("versions"), Path.of(home, ".asdf", "installs", "python"))) {
                candidates.addAll(HostTools.installedBy(root, "python"));
                candidates.addAll(HostTools.installedBy(root, "pypy3"));
            }
        });
        return probeAll(call.env(), HostTools.distinct(candidates), SetupPython::probe);
    }

    /** How a PyPy's {@code variant} starts: {@code PyPy 7.3.17}. */
    private static final String PYPY_VARIANT = "PyPy ";

    /** The PyPy version of a PyPy installation: {@code 7.3.17}. */
    private static String pypyVersion(HostTools.Installed pypy) {
        return pypy.variant().substring(PYPY_VARIANT.length());
    }

    private static Optional<HostTools.Installed> probe(Path python) {
        return HostTools.firstLine(List.of(python.toString(), "-c", PROBE)).flatMap(line -> {
            String[] parts = line.split(" ", 5); // version, implementation, free-threaded, PyPy's version, prefix
            if (parts.length < 5) {
                return Optional.empty();
            }
            String variant = parts[1].equals("pypy") ? PYPY_VARIANT + parts[3] : parts[2].equals("1") ? "t" : "";
            return HostTools.versionIn(parts[0])
                    .map(v -> new HostTools.Installed(v, python, Path.of(parts[4]), variant));
        });
    }
}
