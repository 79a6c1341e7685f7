package dev.slipway.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment files of one step ({@code GITHUB_ENV}, {@code GITHUB_OUTPUT}, {@code GITHUB_PATH},
 * {@code GITHUB_STATE}, {@code GITHUB_STEP_SUMMARY}): fresh empty files before the step, read after it.
 */
record StepFiles(Path env, Path output, Path path, Path state, Path summary) {

    static StepFiles create(Path runnerTemp, int n) {
        Path dir = runnerTemp.resolve("_runner_file_commands");
        try {
            Files.createDirectories(dir);
            StepFiles files = new StepFiles(
                    dir.resolve("set_env_" + n),
                    dir.resolve("set_output_" + n),
                    dir.resolve("add_path_" + n),
                    dir.resolve("save_state_" + n),
                    dir.resolve("step_summary_" + n));
            for (Path p : files.all()) {
                Files.write(p, new byte[0]);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> all() {
        return List.of(env, output, path, state, summary);
    }

    /** The variables a process needs to find the files. */
    Map<String, String> variables() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("GITHUB_ENV", env.toString());
        vars.put("GITHUB_OUTPUT", output.toString());
        vars.put("GITHUB_PATH", path.toString());
        vars.put("GITHUB_STATE", state.toString());
        vars.put("GITHUB_STEP_SUMMARY", summary.toString());
        return vars;
    }

    /** What the step wrote; {@code error} names the first malformed file. */
    record Written(
            Map<String, String> env,
            Map<String, String> outputs,
            List<String> paths,
            Map<String, String> state,
            String summary,
            Optional<String> error) {}

    /** Reads what the step wrote and deletes the files. */
    Written read() {
        List<String> errors = new ArrayList<>();
        Map<String, String> envValues = parse(env, "GITHUB_ENV", errors);
        Map<String, String> outputs = parse(output, "GITHUB_OUTPUT", errors);
        Map<String, String> states = parse(state, "GITHUB_STATE", errors);
        List<String> paths =
                read(path).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        String summaryText = read(summary);
        for (Path p : all()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // A file the step made unreadable or removed itself is harmless here.
            }
        }
        return new Written(
                envValues, outputs, paths, states, summaryText, errors.stream().findFirst());
    }

    private static Map<String, String> parse(Path file, String name, List<String> errors) {
        String content = read(file);
        if (content.isEmpty()) {
            return Map.of();
        }
        EnvFileParser.Parsed parsed = EnvFileParser.parse(content);
        parsed.error().ifPresent(e -> errors.add(name + ": " + e));
        return parsed.values();
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) == 0) {
                return "";
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
