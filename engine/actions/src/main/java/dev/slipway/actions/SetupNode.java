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
 * {@code actions/setup-node} without downloading: a Node.js installed here ({@code node} on the step's {@code PATH},
 * {@code $RUNNER_TOOL_CACHE/node/<version>/x64/bin/node}, or a version nvm or asdf installed) that matches
 * {@code node-version} (or {@code node-version-file}: {@code .nvmrc}, {@code .node-version}, {@code .tool-versions},
 * {@code package.json}'s {@code engines.node}), the highest that does. Later steps find it first on {@code PATH}
 * with the {@code npm}, {@code npx} and {@code corepack} next to it and what {@code npm install -g} installs ({@link
 * NodePath}); {@code registry-url} (and {@code scope}) write an {@code .npmrc} as the real action does.
 */
final class SetupNode extends SetupTool {
    /** The real action's inputs, in all its versions (a name none has draws a warning, as on GitHub). */
    private static final java.util.Set<String> INPUTS = java.util.Set.of(
            "node-version",
            "node-version-file",
            "architecture",
            "check-latest",
            "registry-url",
            "scope",
            "token",
            "cache",
            "package-manager-cache",
            "cache-dependency-path",
            "mirror",
            "mirror-token",
            "always-auth",
            "version");

    private static final Pattern NODE = Pattern.compile("node");
    private static final Pattern ENGINES =
            Pattern.compile("\"engines\"\\s*:\\s*\\{[^}]*\"node\"\\s*:\\s*\"([^\"]+)\"", Pattern.DOTALL);

    @Override
    public String ref() {
        return "actions/setup-node";
    }

    @Override
    public java.util.Set<String> inputs() {
        return INPUTS;
    }

    @Override
    List<String> toolNames() {
        return List.of("nodejs", "node");
    }

    @Override
    BuiltinResult setUp(BuiltinCall call) throws IOException {
        List<String> asked = requested(call, "node-version", "node-version-file", List.of());
        List<HostTools.Installed> found = installed(call);
        Map<String, String> env = registry(call);
        if (asked.isEmpty()) {
            // as the real action: no version asked, the node on PATH is used as it is
            Optional<HostTools.Installed> first = found.stream().findFirst();
            first.ifPresent(
                    n -> call.log().accept("No node-version given; using " + n.location() + " (v" + n.version() + ")"));
            cache(call, List.of());
            return BuiltinResult.ok(
                    Map.of("node-version", first.map(n -> "v" + n.version()).orElse(""), "cache-hit", "false"),
                    env,
                    List.of());
        }
        String a = asked.get(asked.size() - 1);
        VersionSpec spec = VersionSpec.parse(
                "node", a, found.stream().map(HostTools.Installed::version).toList());
        HostTools.Installed node = HostTools.best(found, spec)
                .orElseThrow(() -> noMatch(
                        call,
                        "Node.js",
                        "matching '" + a + "'",
                        found,
                        "install it (e.g. apt-get install nodejs)",
                        "node/<version>/x64"));
        NodePath path = NodePath.of(
                call, node.location(), toolDir(call, "node", node.version().toString()));
        call.log().accept("Found Node.js v" + node.version() + " at " + node.location());
        cache(call, path.path());
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(path.env());
        return BuiltinResult.ok(Map.of("node-version", "v" + node.version(), "cache-hit", "false"), all, path.path());
    }

    /** Checks the {@code cache} input as the real action does ({@link CacheInputs}) and says it archives nothing. */
    private static void cache(BuiltinCall call, List<String> added) throws IOException {
        Optional<String> manager = call.input("cache");
        if (manager.isPresent()) {
            CacheInputs.node(call, manager.get(), added);
            notDone(
                    call,
                    "cache",
                    "is not archived by the built-in setup-node: the package manager's own cache on this machine"
                            + " outlives the job; actions/cache archives other paths");
        }
    }

    /**
     * With {@code registry-url}: an {@code .npmrc} in the runner temp directory that points npm at the registry (for
     * the {@code scope}, when given) and takes its token from {@code NODE_AUTH_TOKEN}, as the real action writes it;
     * the variables that make npm read it. Nothing without.
     */
    private static Map<String, String> registry(BuiltinCall call) throws IOException {
        Optional<String> url = call.input("registry-url");
        if (url.isEmpty()) {
            return Map.of();
        }
        String registry = url.get().endsWith("/") ? url.get() : url.get() + "/";
        String scope = call.input("scope")
                .map(s -> (s.startsWith("@") ? s : "@" + s).toLowerCase(Locale.ROOT) + ":")
                .orElse("");
        String hostAndPath = registry.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*:", "");
        Path npmrc = Path.of(call.envVar("RUNNER_TEMP")
                        .orElseThrow(() -> new IllegalStateException("RUNNER_TEMP is not set")))
                .resolve(".npmrc");
        Files.writeString(
                npmrc,
                hostAndPath + ":_authToken=${NODE_AUTH_TOKEN}\n" + scope + "registry=" + registry + "\nalways-auth="
                        + call.flag("always-auth", false) + "\n",
                StandardCharsets.UTF_8);
        call.log().accept("npm is pointed at " + registry + " by " + npmrc);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NPM_CONFIG_USERCONFIG", npmrc.toString());
        // npm fails on an unset variable in .npmrc; the real action puts this placeholder when the job has no token
        env.put("NODE_AUTH_TOKEN", call.envVar("NODE_AUTH_TOKEN").orElse("XXXXX-XXXXX-XXXXX-XXXXX"));
        return env;
    }

    /** Also {@code package.json}: its {@code engines.node} range. */
    @Override
    Optional<String> versionIn(Path file, String given) throws IOException {
        if (!given.endsWith("package.json")) {
            return super.versionIn(file, given);
        }
        Matcher m = ENGINES.matcher(Files.readString(file, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalArgumentException("input 'node-version-file': " + given + " has no engines.node");
        }
        return Optional.of(m.group(1));
    }

    /** Every Node.js here that answers, PATH's first. */
    static List<HostTools.Installed> installed(BuiltinCall call) {
        return installed(call.env());
    }

    /** Every Node.js that answers, PATH's first, found with the variables {@code env}. */
    static List<HostTools.Installed> installed(Map<String, String> env) {
        List<Path> candidates =
                new ArrayList<>(HostTools.onPath(BuiltinCall.envVar(env, "PATH").orElse(""), NODE));
        candidates.addAll(HostTools.inToolCache(BuiltinCall.envVar(env, "RUNNER_TOOL_CACHE"), "node", "node"));
        BuiltinCall.envVar(env, "HOME").ifPresent(home -> {
            Path nvm = BuiltinCall.envVar(env, "NVM_DIR").map(Path::of).orElse(Path.of(home, ".nvm"));
            candidates.addAll(HostTools.installedBy(nvm.resolve("versions").resolve("node"), "node"));
            candidates.addAll(HostTools.installedBy(Path.of(home, ".asdf", "installs", "nodejs"), "node"));
        });
        return probeAll(
                env,
                candidates,
                node -> HostTools.firstLine(List.of(node.toString(), "--version"))
                        .flatMap(HostTools::versionIn)
                        .map(v -> new HostTools.Installed(v, node, node.getParent())));
    }
}
