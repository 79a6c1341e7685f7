package dev.slipway.runtime;

import dev.slipway.common.FileTrees;
import dev.slipway.common.Lines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment files of a job's steps ({@code GITHUB_ENV}, {@code GITHUB_OUTPUT}, {@code GITHUB_PATH},
 * {@code GITHUB_STATE}, {@code GITHUB_STEP_SUMMARY}). Every process starts with all of them empty, as on GitHub;
 * instead of creating five new files per step (the per-step overhead matters for long jobs), the files are created
 * once and the ones a step wrote are emptied after they were read. Processes of a job run one at a time.
 */
record StepFiles(Path env, Path output, Path path, Path state, Path summary) {
    /** The directory of the files, in the runner temp directory. */
    static final String DIRECTORY = "_runner_file_commands";

    /** The names of the files. */
    static final Set<String> NAMES = Set.of("set_env", "set_output", "add_path", "save_state", "step_summary");

    /** The files in {@code runnerTemp}, created empty (or emptied, when a job before left them there). */
    static StepFiles create(Path runnerTemp) throws IOException {
        Path dir = runnerTemp.resolve(DIRECTORY);
        FileTrees.ensureDirectory(dir);
        StepFiles files = new StepFiles(
                dir.resolve("set_env"),
                dir.resolve("set_output"),
                dir.resolve("add_path"),
                dir.resolve("save_state"),
                dir.resolve("step_summary"));
        for (Path p : files.all()) {
            // a job directory recycled for this job holds them empty already: one stat instead of a rewrite
            if (!isEmptyFile(p)) {
                FileTrees.overwrite(p, new byte[0]);
            }
        }
        return files;
    }

    private static boolean isEmptyFile(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && a.size() == 0;
        } catch (IOException e) {
            return false;
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

    /** What a step wrote; {@code error} names the first malformed file. */
    record Written(
            Map<String, String> env,
            Map<String, String> outputs,
            List<String> paths,
            Map<String, String> state,
            String summary,
            Optional<String> error) {}

    /** Reads what the last process wrote and empties the files for the next one. */
    Written read() {
        List<String> errors = new ArrayList<>();
        Map<String, String> envValues = parse(env, "GITHUB_ENV", errors);
        Map<String, String> outputs = parse(output, "GITHUB_OUTPUT", errors);
        Map<String, String> states = parse(state, "GITHUB_STATE", errors);
        List<String> paths = new ArrayList<>();
        for (String line : Lines.of(take(path))) {
            String dir = line.strip();
            if (!dir.isEmpty()) {
                paths.add(dir);
            }
        }
        String summaryText = take(summary);
        return new Written(
                envValues,
                outputs,
                paths,
                states,
                summaryText,
                errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(0)));
    }

    private static Map<String, String> parse(Path file, String name, List<String> errors) {
        String content = take(file);
        if (content.isEmpty()) {
            return Map.of();
        }
        EnvFileParser.Parsed parsed = EnvFileParser.parse(content);
        parsed.error().ifPresent(e -> errors.add(name + ": " + e));
        return parsed.values();
    }

    /**
     * The file's content, leaving it empty (recreated when the step deleted it). A step may have replaced the file by a
     * symbolic link, or linked it elsewhere: what it points to is read, as GitHub's runner reads it, but never emptied;
     * the link is replaced by a new empty file instead (GitHub's runner gives every step new files, so it never empties
     * one at all).
     */
    private static String take(Path file) {
        try {
            long size;
            try {
                // one stat(2) for both questions: every step asks this of all five files
                size = Files.readAttributes(file, BasicFileAttributes.class).size();
            } catch (NoSuchFileException e) {
                size = -1;
            }
            if (size == 0) {
                return "";
            }
            String content = size > 0 ? Files.readString(file, StandardCharsets.UTF_8) : "";
            empty(file, size);
            return content;
        } catch (IOException e) {
            return "";
        }
    }

    /** Leaves an empty regular file at {@code file}; what it read stays read when this fails. */
    private static void empty(Path file, long size) {
        try {
            if (size > 0 && RunnerTemp.ownedSize(file) >= 0) {
                RunnerTemp.truncate(file);
            } else {
                Files.deleteIfExists(file);
                Files.createFile(file);
            }
        } catch (IOException e) {
            // the next step finds the file as this one left it; a later take reads it again
        }
    }
}
