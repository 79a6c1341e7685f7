package dev.slipway.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code actions/setup-go} without downloading: a Go toolchain installed here ({@code go} on the step's {@code PATH},
 * Debian's {@code /usr/lib/go-1.N}, {@code /usr/local/go}, Go's own {@code ~/sdk/go1.N.M}, asdf's, or {@code
 * $RUNNER_TOOL_CACHE/go/<version>/x64}) matching {@code go-version} (or {@code go-version-file}: {@code go.mod}'s
 * {@code toolchain} or {@code go} line, {@code go.work}, {@code .go-version}, {@code .tool-versions}), the highest
 * that does. Later steps find its {@code bin} and {@code ~/go/bin} first on {@code PATH}.
 */
final class SetupGo extends SetupTool {
    /** The real action's inputs, in all its versions (a name none has draws a warning, as on GitHub). */
    private static final java.util.Set<String> INPUTS = java.util.Set.of(
            "go-version",
            "go-version-file",
            "check-latest",
            "token",
            "cache",
            "cache-dependency-path",
            "architecture",
            "go-download-base-url",
            "stable");

    private static final Pattern GO = Pattern.compile("go");
    private static final Pattern TOOLCHAIN = Pattern.compile("(?m)^toolchain\\s+go(\\S+)");
    private static final Pattern GO_LINE = Pattern.compile("(?m)^go\\s+(\\S+)");

    @Override
    public String ref() {
        return "actions/setup-go";
    }

    @Override
    public java.util.Set<String> inputs() {
        return INPUTS;
    }

    @Override
    List<String> toolNames() {
        return List.of("golang", "go");
    }

    @Override
    BuiltinResult setUp(BuiltinCall call) throws IOException {
        List<String> asked = requested(call, "go-version", "go-version-file", List.of());
        List<HostTools.Installed> found = installed(call);
        if (asked.isEmpty()) {
            call.log()
                    .accept("::warning::Neither 'go-version' nor 'go-version-file' was given: using the newest Go"
                            + " installed");
            asked = List.of("stable");
        }
        String a = asked.get(asked.size() - 1);
        VersionSpec spec = VersionSpec.parse("go", a);
        HostTools.Installed go = HostTools.best(found, spec)
                .orElseThrow(() -> noMatch(
                        call,
                        "Go",
                        "matching '" + a + "'",
                        found,
                        "install it (e.g. apt-get install golang-go)",
                        "go/<version>/x64"));
        call.log().accept("Setup go version spec " + a + ": using go" + go.version() + " at " + go.prefix());
        List<String> path = new ArrayList<>();
        call.envVar("HOME")
                .ifPresent(home -> path.add(Path.of(home, "go", "bin").toString()));
        path.add(go.prefix().resolve("bin").toString()); // written last, so first on PATH
        return BuiltinResult.ok(Map.of("go-version", go.version().toString(), "cache-hit", "false"), Map.of(), path);
    }

    /** Also {@code go.mod} and {@code go.work}: their {@code toolchain} line, else their {@code go} line. */
    @Override
    Optional<String> versionIn(Path file, String given) throws IOException {
        if (!given.endsWith("go.mod") && !given.endsWith("go.work")) {
            return super.versionIn(file, given);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher toolchain = TOOLCHAIN.matcher(text);
        if (toolchain.find()) {
            return Optional.of(toolchain.group(1));
        }
        Matcher go = GO_LINE.matcher(text);
        if (go.find()) {
            return Optional.of(go.group(1));
        }
        throw new IllegalArgumentException("input 'go-version-file': " + given + " has no go or toolchain line");
    }

    /** Every Go here that answers {@code go version}, PATH's first; the prefix is its GOROOT. */
    static List<HostTools.Installed> installed(BuiltinCall call) {
        List<Path> candidates =
                new ArrayList<>(HostTools.onPath(call.envVar("PATH").orElse(""), GO));
        for (Path root : HostTools.children(Path.of("/usr/lib"))) {
            if (root.getFileName().toString().startsWith("go-")) {
                candidates.add(root.resolve("bin").resolve("go"));
            }
        }
        candidates.add(Path.of("/usr/local/go/bin/go"));
        candidates.addAll(HostTools.inToolCache(call.envVar("RUNNER_TOOL_CACHE"), "go", "go"));
        call.envVar("HOME").ifPresent(home -> {
            for (Path sdk : HostTools.children(Path.of(home, "sdk"))) {
                candidates.add(sdk.resolve("bin").resolve("go"));
            }
            for (Path v : HostTools.children(Path.of(home, ".asdf", "installs", "golang"))) {
                candidates.add(v.resolve("go").resolve("bin").resolve("go"));
            }
        });
        return probeAll(call.env(), candidates, SetupGo::probe);
    }

    private static Optional<HostTools.Installed> probe(Path go) {
        if (!Files.isExecutable(go)) {
            return Optional.empty();
        }
        Path root;
        try {
            root = go.toRealPath().getParent().getParent();
        } catch (IOException e) {
            return Optional.empty();
        }
        return HostTools.firstLine(List.of(go.toString(), "version"))
                .map(line -> line.replaceFirst("^go version go", ""))
                .flatMap(HostTools::versionIn)
                .map(v -> new HostTools.Installed(v, go, root));
    }
}
