package dev.slipway.runtime;

import dev.slipway.actions.ActionException;
import dev.slipway.actions.ActionRef;
import dev.slipway.actions.BuiltinAction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link JobRunner} finds actions and programs, and what it takes from the host.
 *
 * @param builtins finds an action implemented in Java by its {@code uses:} value, e.g. {@code Builtins::find}
 * @param actions finds the directory (holding {@code action.yml}) of a remote action, e.g. {@code source::resolve}
 * @param actionSourceDescription where {@code actions} looks, for the "not found" message
 * @param programs finds programs ({@code bash}, {@code node}, {@code python3}) for shells and node actions
 * @param hostEnv the host environment variables passed to every step (already filtered, see {@link #HOST_ENV})
 * @param runnerName {@code RUNNER_NAME} and {@code runner.name}
 * @param toolCache {@code RUNNER_TOOL_CACHE} and {@code runner.tool_cache}, where the setup actions look for toolchains
 * @param debug whether debug logging is on ({@code runner.debug}, {@code ::debug::} lines shown)
 * @param cacheService GitHub's cache service for the jobs' actions ({@code ACTIONS_CACHE_URL}), or {@link
 *     CacheService#NONE}
 * @param idTokens whether the job's steps can ask for OpenID Connect tokens, and where ({@link IdTokens#NO_ISSUER}
 *     unless a server runs the job)
 */
public record RuntimeOptions(
        BuiltinLookup builtins,
        ActionResolver actions,
        String actionSourceDescription,
        ProgramLookup programs,
        Map<String, String> hostEnv,
        String runnerName,
        Path toolCache,
        boolean debug,
        CacheService cacheService,
        IdTokens idTokens) {

    /**
     * The host variables steps inherit (with those {@value #PASS_ENV} names); everything else of the host stays out,
     * so that a variable of the developer's shell or the server's service (a token, a cloud profile) does not leak
     * into every job. The certificate and proxy variables are here because without them nothing reaches a registry
     * behind a TLS-inspecting proxy (npm, pip, curl, git each read their own); the container engine's because a
     * step's {@code docker build} must reach the engine Slipway's container jobs use (Podman's socket, say).
     */
    public static final List<String> HOST_ENV = List.of(
            "HOME",
            "PATH",
            "LANG",
            "LC_ALL",
            "LC_CTYPE",
            "USER",
            "LOGNAME",
            "SHELL",
            "TMPDIR",
            "TZ",
            "TERM",
            "JAVA_HOME",
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
            "NODE_EXTRA_CA_CERTS",
            "REQUESTS_CA_BUNDLE",
            "CURL_CA_BUNDLE",
            "GIT_SSL_CAINFO",
            "PIP_CERT",
            "NPM_CONFIG_CAFILE",
            "npm_config_cafile",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "no_proxy",
            // the container engine a step's docker or podman reaches, as Slipway's own container jobs reach it
            "DOCKER_HOST",
            "DOCKER_CONFIG",
            "DOCKER_CERT_PATH",
            "DOCKER_TLS_VERIFY",
            "CONTAINER_HOST");

    /** The host variable that names more host variables for steps to inherit, separated by commas or spaces. */
    public static final String PASS_ENV = "SLIPWAY_PASS_ENV";

    /** The names of the host variables steps inherit: {@link #HOST_ENV} and those {@code passEnv} lists. */
    static java.util.Set<String> inherited(@org.jspecify.annotations.Nullable String passEnv) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(HOST_ENV);
        if (passEnv != null) {
            for (String name : passEnv.split("[,\\s]+")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }

    public RuntimeOptions {
        hostEnv = Map.copyOf(hostEnv);
    }

    /**
     * The host variables that name the tool cache, in the order GitHub's runner reads them: setup actions installed by
     * GitHub's runner on this machine (or an image built for it) are found where it keeps them.
     */
    static final List<String> TOOL_CACHE_ENV =
            List.of("RUNNER_TOOL_CACHE", "RUNNER_TOOLSDIRECTORY", "AGENT_TOOLSDIRECTORY");

    /**
     * Options for running on this machine: no built-ins, no remote actions, programs from the host's {@code PATH}, the
     * allow-listed host environment, the tool cache the host's {@link #TOOL_CACHE_ENV} names, else one under {@code
     * java.io.tmpdir}.
     */
    public static RuntimeOptions defaults() {
        Map<String, String> host = new LinkedHashMap<>();
        for (String name : inherited(System.getenv(PASS_ENV))) {
            String value = System.getenv(name);
            if (value != null) {
                host.put(name, value);
            }
        }
        return new RuntimeOptions(
                uses -> Optional.empty(),
                ref -> Optional.empty(),
                "(no action source configured)",
                ProgramLookup.onPath(host.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin")),
                host,
                "slipway",
                toolCache(System::getenv),
                false,
                CacheService.NONE,
                IdTokens.NO_ISSUER);
    }

    /** The tool cache the first of {@link #TOOL_CACHE_ENV} that {@code getenv} has names, else Slipway's own. */
    static Path toolCache(java.util.function.Function<String, @org.jspecify.annotations.Nullable String> getenv) {
        for (String name : TOOL_CACHE_ENV) {
            String value = getenv.apply(name);
            if (value != null && !value.isBlank()) {
                return Path.of(value.strip());
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "slipway-tool-cache");
    }

    public RuntimeOptions withBuiltins(BuiltinLookup lookup) {
        Copy b = new Copy(this);
        b.builtins = lookup;
        return b.build();
    }

    public RuntimeOptions withActions(ActionResolver resolver, String description) {
        Copy b = new Copy(this);
        b.actions = resolver;
        b.actionSourceDescription = description;
        return b.build();
    }

    public RuntimeOptions withPrograms(ProgramLookup lookup) {
        Copy b = new Copy(this);
        b.programs = lookup;
        return b.build();
    }

    public RuntimeOptions withHostEnv(Map<String, String> env) {
        Copy b = new Copy(this);
        b.hostEnv = env;
        return b.build();
    }

    public RuntimeOptions withRunnerName(String name) {
        Copy b = new Copy(this);
        b.runnerName = name;
        return b.build();
    }

    public RuntimeOptions withToolCache(Path dir) {
        Copy b = new Copy(this);
        b.toolCache = dir;
        return b.build();
    }

    public RuntimeOptions withDebug(boolean on) {
        Copy b = new Copy(this);
        b.debug = on;
        return b.build();
    }

    public RuntimeOptions withCacheService(CacheService service) {
        Copy b = new Copy(this);
        b.cacheService = service;
        return b.build();
    }

    public RuntimeOptions withIdTokens(IdTokens tokens) {
        Copy b = new Copy(this);
        b.idTokens = tokens;
        return b.build();
    }

    /** A changeable copy, for the {@code with...} methods. */
    private static final class Copy {
        BuiltinLookup builtins;
        ActionResolver actions;
        String actionSourceDescription;
        ProgramLookup programs;
        Map<String, String> hostEnv;
        String runnerName;
        Path toolCache;
        boolean debug;
        CacheService cacheService;
        IdTokens idTokens;

        Copy(RuntimeOptions o) {
            builtins = o.builtins;
            actions = o.actions;
            actionSourceDescription = o.actionSourceDescription;
            programs = o.programs;
            hostEnv = o.hostEnv;
            runnerName = o.runnerName;
            toolCache = o.toolCache;
            debug = o.debug;
            cacheService = o.cacheService;
            idTokens = o.idTokens;
        }

        RuntimeOptions build() {
            return new RuntimeOptions(
                    builtins,
                    actions,
                    actionSourceDescription,
                    programs,
                    hostEnv,
                    runnerName,
                    toolCache,
                    debug,
                    cacheService,
                    idTokens);
        }
    }

    /** Finds a built-in action by {@code uses:} value. */
    @FunctionalInterface
    public interface BuiltinLookup {
        Optional<BuiltinAction> find(String uses);
    }

    /** Finds the local directory of a remote action. */
    @FunctionalInterface
    public interface ActionResolver {
        Optional<Path> resolve(ActionRef ref) throws ActionException;
    }

    /** Finds a program by name, as {@code which} does; returns its absolute path. */
    @FunctionalInterface
    public interface ProgramLookup {
        Optional<String> find(String program);

        /**
         * Looks in the directories of a {@code PATH}-style list. A program found is remembered (every {@code run:}
         * step asks for its shell, which was a stat per directory of the path per step); one not found is looked for
         * again next time, since a step may install it.
         */
        static ProgramLookup onPath(String path) {
            Map<String, String> found = new java.util.concurrent.ConcurrentHashMap<>();
            return program -> {
                String known = found.get(program);
                if (known != null) {
                    return Optional.of(known);
                }
                Optional<String> result = search(path, program);
                result.ifPresent(p -> found.put(program, p));
                return result;
            };
        }

        private static Optional<String> search(String path, String program) {
            if (program.contains("/")) {
                return java.nio.file.Files.isExecutable(Path.of(program)) ? Optional.of(program) : Optional.empty();
            }
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    Path candidate = Path.of(dir, program);
                    if (java.nio.file.Files.isExecutable(candidate)) {
                        return Optional.of(candidate.toString());
                    }
                }
            }
            return Optional.empty();
        }
    }
}
