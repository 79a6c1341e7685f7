package dev.slipway.actions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * {@code actions/checkout}'s {@code sparse-checkout} input: which paths of a commit a checkout writes, and the state
 * the {@code git} client reads afterwards ({@code core.sparseCheckout}, {@code info/sparse-checkout}, and the index's
 * skip-worktree bits), as {@code git sparse-checkout set} leaves them.
 *
 * <p>In cone mode (the action's default) each line names a directory: the checkout holds the files at the root,
 * everything under each directory named, and the files directly in each directory above one. Otherwise the lines are
 * gitignore-style patterns, a path matching the last pattern that decides it being checked out (a path no pattern
 * decides follows its directory), as git's non-cone mode reads them.
 */
final class SparseCheckout implements Predicate<String> {
    private final boolean cone;
    private final List<String> lines;
    private final List<String> directories;
    private final IgnoreNode patterns;

    private SparseCheckout(boolean cone, List<String> lines) throws IOException {
        this.cone = cone;
        this.lines = List.copyOf(lines);
        List<String> dirs = new ArrayList<>();
        IgnoreNode node = new IgnoreNode();
        if (cone) {
            for (String line : lines) {
                String dir = trimSlashes(line);
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        } else {
            node.parse(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
        }
        this.directories = List.copyOf(dirs);
        this.patterns = node;
    }

    /**
     * The sparse checkout the action's inputs ask for: {@code input} is {@code sparse-checkout} (one pattern per
     * line; blank lines ignored, as the action reads it), {@code cone} is {@code sparse-checkout-cone-mode}. Empty
     * when no pattern is given.
     */
    static Optional<SparseCheckout> of(Optional<String> input, boolean cone) throws IOException {
        List<String> lines = input.stream()
                .flatMap(String::lines)
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        return lines.isEmpty() ? Optional.empty() : Optional.of(new SparseCheckout(cone, lines));
    }

    /** Whether the file (or submodule) at {@code path}, relative to the work tree, is checked out. */
    @Override
    public boolean test(String path) {
        return cone ? inCone(path) : matched(path);
    }

    private boolean inCone(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return true; // the root's files are always there
        }
        String parent = path.substring(0, slash);
        for (String dir : directories) {
            if (parent.equals(dir) || parent.startsWith(dir + "/") || dir.startsWith(parent + "/")) {
                return true;
            }
        }
        return false;
    }

    private boolean matched(String path) {
        String p = path;
        boolean directory = false;
        while (true) {
            switch (patterns.isIgnored(p, directory)) {
                case IGNORED -> {
                    return true; // "ignored" here is "matched by a pattern": checked out
                }
                case NOT_IGNORED -> {
                    return false;
                }
                default -> {
                    int slash = p.lastIndexOf('/');
                    if (slash < 0) {
                        return false;
                    }
                    p = p.substring(0, slash);
                    directory = true;
                }
            }
        }
    }

    /** A short description for the log. */
    String describe() {
        return (cone ? "cone mode, directories " : "patterns ") + String.join(", ", cone ? directories : lines);
    }

    /**
     * Leaves {@code repo} as {@code git sparse-checkout set} would: its config and {@code info/sparse-checkout}, and
     * the skip-worktree bit on every index entry outside the checkout, which {@code git sparse-checkout reapply} sets
     * (JGit cannot write that bit). Call after the included files are written and the index holds every entry.
     *
     * @throws IOException when there is no {@code git} program or it fails
     */
    void apply(Repository repo) throws IOException {
        StoredConfig config = repo.getConfig();
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "sparseCheckout", true);
        config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, "sparseCheckoutCone", cone);
        config.save();
        Path file = repo.getDirectory().toPath().resolve("info").resolve("sparse-checkout");
        Files.createDirectories(file.getParent());
        Files.writeString(file, cone ? coneFile() : String.join("\n", lines) + "\n");
        git(repo.getWorkTree().toPath(), "sparse-checkout", "reapply");
    }

    /** Whether {@code repo} is a sparse checkout (an earlier checkout into the same directory asked for one). */
    static boolean enabled(Repository repo) {
        return repo.getConfig().getBoolean(ConfigConstants.CONFIG_CORE_SECTION, "sparseCheckout", false);
    }

    /** Turns {@code repo}'s sparse checkout off (its files are all written again by the caller). */
    static void disable(Repository repo) throws IOException {
        StoredConfig config = repo.getConfig();
        config.unset(ConfigConstants.CONFIG_CORE_SECTION, null, "sparseCheckout");
        config.unset(ConfigConstants.CONFIG_CORE_SECTION, null, "sparseCheckoutCone");
        config.save();
        Files.deleteIfExists(repo.getDirectory().toPath().resolve("info").resolve("sparse-checkout"));
    }

    /** The cone-mode file {@code git sparse-checkout set} writes: the root's files, then each directory's cone. */
    private String coneFile() {
        TreeSet<String> parents = new TreeSet<>();
        for (String dir : directories) {
            for (int i = dir.indexOf('/'); i >= 0; i = dir.indexOf('/', i + 1)) {
                parents.add(dir.substring(0, i));
            }
        }
        TreeSet<String> all = new TreeSet<>(parents);
        all.addAll(directories);
        StringBuilder out = new StringBuilder("/*\n!/*/\n");
        for (String dir : all) {
            out.append('/').append(dir).append("/\n");
            if (parents.contains(dir) && !directories.contains(dir)) {
                out.append("!/").append(dir).append("/*/\n");
            }
        }
        return out.toString();
    }

    private static String trimSlashes(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && line.charAt(start) == '/') {
            start++;
        }
        while (end > start && line.charAt(end - 1) == '/') {
            end--;
        }
        return line.substring(start, end);
    }

    private static void git(Path dir, String... args) throws IOException {
        String shown = "git " + String.join(" ", args);
        switch (GitProgram.run(dir, env -> env.keySet().removeIf(k -> k.startsWith("GIT_")), true, args)) {
            case GitProgram.Outcome.NoGit n ->
                throw new IOException(
                        "sparse-checkout needs the git program to mark the files left out (none on PATH: install git)");
            case GitProgram.Outcome.TimedOut t ->
                throw new IOException(shown + " did not end within " + GitProgram.SECONDS + " s");
            case GitProgram.Outcome.Ran ran -> {
                if (ran.exit() != 0) {
                    throw new IOException(shown + " failed (exit " + ran.exit() + "): "
                            + ran.output().strip());
                }
            }
        }
    }
}
