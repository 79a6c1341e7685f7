package dev.slipway.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Finds the workflow files of a repository checkout. */
public final class WorkflowFiles {
    static final List<String> DIRECTORIES = List.of(".github/workflows", ".slipway/workflows");

    private WorkflowFiles() {}

    /**
     * The {@code *.yml} and {@code *.yaml} files directly in {@code .github/workflows/} and
     * {@code .slipway/workflows/}, sorted by file name. A {@code .slipway} file replaces the {@code .github} file of the
     * same name, so a repository can override a GitHub workflow for Slipway only.
     *
     * @throws UncheckedIOException when a directory exists but cannot be listed
     */
    public static List<Path> discover(Path repoRoot) {
        Map<String, Path> byName = new TreeMap<>();
        for (String dir : DIRECTORIES) {
            Path d = repoRoot.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> isWorkflowName(p.getFileName().toString()))
                        .forEach(p -> byName.put(p.getFileName().toString(), p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + d, e);
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static boolean isWorkflowName(String name) {
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }
}
