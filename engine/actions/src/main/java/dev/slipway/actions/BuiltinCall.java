package dev.slipway.actions;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One invocation of a {@link BuiltinAction}.
 *
 * @param inputs the {@code with:} values as the user gave them (already rendered); defaults are applied by the action
 * @param workspace the job's workspace ({@code GITHUB_WORKSPACE}) on this machine
 * @param env the step environment: {@code GITHUB_SHA}, {@code GITHUB_REF}, {@code GITHUB_REPOSITORY},
 *     {@code GITHUB_RUN_ID}, {@code GITHUB_JOB}, {@code RUNNER_TEMP}, {@code HOME}, ...
 * @param repoRoot the local git repository (bare or not) the run belongs to
 * @param state for {@code post}: the state {@code main} returned; empty for {@code main}
 * @param log receives human-readable log lines
 * @param cache what the job's {@code cache-mode} allows the cache actions
 */
public record BuiltinCall(
        Map<String, String> inputs,
        Path workspace,
        Map<String, String> env,
        Path repoRoot,
        Map<String, String> state,
        Consumer<String> log,
        CacheAccess cache) {
    public BuiltinCall {
        inputs = Map.copyOf(inputs);
        env = Map.copyOf(env);
        state = Map.copyOf(state);
    }

    /** A call whose job may restore and save caches. */
    public BuiltinCall(
            Map<String, String> inputs,
            Path workspace,
            Map<String, String> env,
            Path repoRoot,
            Map<String, String> state,
            Consumer<String> log) {
        this(inputs, workspace, env, repoRoot, state, log, CacheAccess.FULL);
    }

    /**
     * What the job's {@code cache-mode} lets the cache actions do.
     *
     * @param mode as the workflow names it, for messages
     * @param defaultBranch the repository's default branch, whose caches every job may restore
     */
    public record CacheAccess(boolean restore, boolean save, String mode, String defaultBranch) {
        /** {@code write}: restores and saves, in a repository whose default branch is {@code main}. */
        public static final CacheAccess FULL = new CacheAccess(true, true, "write", "main");
    }

    /** The input {@code name}, trimmed, if given and not blank (GitHub treats an empty input as unset). */
    public Optional<String> input(String name) {
        String value = inputs.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The input {@code name}, or {@code fallback} when absent or blank. */
    public String input(String name, String fallback) {
        return input(name).orElse(fallback);
    }

    /** The boolean input {@code name} ({@code true}/{@code false}, any case), or {@code fallback}. */
    public boolean flag(String name, boolean fallback) {
        return input(name)
                .map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default ->
                        throw new IllegalArgumentException(
                                "input '" + name + "' must be true or false, got '" + v + "'");
                })
                .orElse(fallback);
    }

    /** The integer input {@code name}, or {@code fallback}. */
    public int number(String name, int fallback) {
        return input(name)
                .map(v -> {
                    try {
                        return Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("input '" + name + "' must be a number, got '" + v + "'", e);
                    }
                })
                .orElse(fallback);
    }

    /**
     * The major version of the action's ref as it was called ({@code GITHUB_ACTION_REF}: 4 for {@code v4} or
     * {@code v4.2.1}); empty for a branch, a commit or no ref, which built-ins take as the newest version.
     */
    public java.util.OptionalInt refMajor() {
        return envVar("GITHUB_ACTION_REF")
                .map(MAJOR::matcher)
                .filter(java.util.regex.Matcher::matches)
                .map(m -> java.util.OptionalInt.of(Integer.parseInt(m.group(1))))
                .orElse(java.util.OptionalInt.empty());
    }

    /** {@code v<major>}, optionally followed by {@code .minor.patch}. */
    private static final java.util.regex.Pattern MAJOR = java.util.regex.Pattern.compile("v(\\d{1,6})(\\..*)?");

    /** The environment variable {@code name}, if set and not empty. */
    public Optional<String> envVar(String name) {
        return envVar(env, name);
    }

    /** The variable {@code name} of {@code env}, if set and not empty. */
    static Optional<String> envVar(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
