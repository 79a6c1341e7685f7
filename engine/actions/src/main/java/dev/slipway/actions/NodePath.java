package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code setup-node} puts on the later steps' {@code PATH} for the Node.js it chose, so that they run it and what
 * {@code npm install -g} and {@code corepack enable} install.
 *
 * <p>The real action puts its installation's {@code bin} first; npm's global prefix is that installation (the parent
 * of the real {@code node}'s directory), so global installs land in that {@code bin} too. The same is done here for a
 * Node.js installed in a directory of its own (the tool cache's, nvm's, asdf's, an unpacked release). A {@code node} in
 * a directory other programs share ({@code /usr/bin}) is not put first that way, which would shadow those programs:
 * wrappers of {@code node}, {@code npm}, {@code npx} and {@code corepack} are, in the job's temporary directory; npm's
 * global prefix there would be {@code /usr}, which a job may not write, so it is pointed ({@code NPM_CONFIG_PREFIX}) at
 * a directory beside the wrappers, first on {@code PATH}: global installs are the job's, as on GitHub's fresh machines.
 *
 * @param path directories for the front of {@code PATH}, in the order written (the last ends up first)
 * @param env variables for the later steps
 */
record NodePath(List<String> path, Map<String, String> env) {
    /** Node.js's own programs: the names its installation's {@code bin} holds besides what npm linked there. */
    private static final Set<String> NODE_PROGRAMS = Set.of("node", "nodejs", "npm", "npx", "corepack");

    /** The path for {@code node}, its wrappers (when it needs them) written under {@code tools}. */
    static NodePath of(BuiltinCall call, Path node, Path tools) throws IOException {
        Optional<Path> own = ownBin(node);
        if (own.isPresent()) {
            return new NodePath(List.of(own.get().toString()), Map.of());
        }
        Path bin = tools.resolve("bin");
        SetupTool.wrapper(bin, "node", node);
        for (String companion : List.of("npm", "npx", "corepack")) {
            Path next = node.resolveSibling(companion);
            if (Files.isExecutable(next)) {
                SetupTool.wrapper(bin, companion, next);
            }
        }
        if (call.envVar("NPM_CONFIG_PREFIX")
                .or(() -> call.envVar("npm_config_prefix"))
                .isPresent()) {
            return new NodePath(List.of(bin.toString()), Map.of()); // the machine's own choice stands
        }
        // not bin itself: npm will not replace a wrapper by a link (npm install -g npm), and an upgrade must come first
        Path global = tools.resolve("global");
        Files.createDirectories(global.resolve("bin"));
        return new NodePath(
                List.of(bin.toString(), global.resolve("bin").toString()),
                Map.of("NPM_CONFIG_PREFIX", global.toString()));
    }

    /**
     * The {@code bin} of the installation {@code node} belongs to (its directory, else its real one) when that holds
     * nothing but Node.js's programs and the links npm made into the installation's {@code lib/node_modules}.
     */
    static Optional<Path> ownBin(Path node) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(node.toAbsolutePath().getParent());
        try {
            dirs.add(node.toRealPath().getParent());
        } catch (IOException e) {
            // gone since it was probed: its own directory is all there is to look at
        }
        return dirs.stream().filter(NodePath::holdsOnlyNode).findFirst();
    }

    private static boolean holdsOnlyNode(Path bin) {
        Path modules = bin.resolveSibling("lib").resolve("node_modules");
        try (Stream<Path> entries = Files.list(bin)) {
            return entries.allMatch(e -> NODE_PROGRAMS.contains(e.getFileName().toString()) || linkInto(e, modules));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code entry} is a link whose target (not followed further) lies in {@code modules}. */
    private static boolean linkInto(Path entry, Path modules) {
        if (!Files.isSymbolicLink(entry)) {
            return false;
        }
        try {
            return entry.resolveSibling(Files.readSymbolicLink(entry))
                    .normalize()
                    .startsWith(modules.normalize());
        } catch (IOException e) {
            return false;
        }
    }
}
