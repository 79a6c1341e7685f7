package dev.slipway.executor.host;

import dev.slipway.runtime.spi.ExecutorException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Finds a step's program the way {@code execvp} would, but against the step's own {@code PATH}. */
final class ProgramResolver {
    /** What {@code execvp} searches when {@code PATH} is unset. */
    static final String DEFAULT_PATH = "/bin:/usr/bin";

    private ProgramResolver() {}

    static Path resolve(String program, Map<String, String> env, Path workingDirectory) throws ExecutorException {
        if (program.isEmpty()) {
            throw new ExecutorException("empty program name");
        }
        try {
            if (program.contains("/")) {
                Path direct = workingDirectory.resolve(program).normalize();
                if (isExecutableFile(direct)) {
                    return direct;
                }
                throw new ExecutorException(program + ": no such executable file");
            }
            String path = env.getOrDefault("PATH", DEFAULT_PATH);
            // a directory listed twice (common in PATHs built by profile scripts) is only looked at once
            Set<String> seen = new HashSet<>();
            for (String dir : path.split(":", -1)) {
                if (!seen.add(dir)) {
                    continue;
                }
                Path candidate = workingDirectory.resolve(dir).resolve(program).normalize();
                if (isExecutableFile(candidate)) {
                    return candidate;
                }
            }
            throw new ExecutorException(program + ": command not found (PATH=" + path + ")");
        } catch (InvalidPathException e) {
            throw new ExecutorException(program + ": invalid program path", e);
        }
    }

    /** The program on {@code PATH} of {@code env}, resolved against the root directory; empty when there is none. */
    static java.util.Optional<Path> find(String program, Map<String, String> env) {
        try {
            return java.util.Optional.of(resolve(program, env, Path.of("/")));
        } catch (ExecutorException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
