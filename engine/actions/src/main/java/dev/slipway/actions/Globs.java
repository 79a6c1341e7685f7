package dev.slipway.actions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File search with the semantics of {@code @actions/glob} as used by the artifact and cache actions: one pattern per
 * line, {@code *} {@code ?} {@code [..]} within a segment, {@code **} across segments, {@code !} excludes, {@code ~}
 * for the home directory, relative patterns against the workspace; a matched directory matches all its descendants.
 */
final class Globs {
    private Globs() {}

    /**
     * Matched paths (files, directories and symlinks, sorted) and the artifact root: the least common ancestor of the
     * include patterns' search paths, or the parent of a single literal file.
     */
    record Search(List<Path> matches, Path root, List<Path> searchPaths) {
        List<Path> files() {
            return matches.stream().filter(p -> Files.isRegularFile(p)).toList();
        }
    }

    private record Line(boolean exclude, Path pattern, Pattern regex, Path searchPath) {}

    static Search search(String patterns, Path workspace, Optional<Path> home, boolean includeHidden) {
        List<Line> lines = parse(patterns, workspace, home);
        List<Line> includes = lines.stream().filter(l -> !l.exclude()).toList();
        List<Line> excludes = lines.stream().filter(Line::exclude).toList();
        List<Path> searchPaths = searchPaths(includes);
        TreeSet<Path> found = new TreeSet<>();
        for (Line include : includes) {
            if (!Files.exists(include.searchPath())) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(include.searchPath())) {
                walk.filter(p -> matches(include, p))
                        .filter(p -> includeHidden || !hidden(include.searchPath(), p))
                        .filter(p -> excludes.stream().noneMatch(e -> matches(e, p)))
                        .forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Path> matches = List.copyOf(found);
        return new Search(matches, root(searchPaths, matches), searchPaths);
    }

    private static List<Line> parse(String patterns, Path workspace, Optional<Path> home) {
        List<Line> out = new ArrayList<>();
        for (String raw : patterns.split("\\R")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclude = false;
            while (line.startsWith("!")) {
                exclude = !exclude;
                line = line.substring(1).trim();
            }
            if ((line.equals("~") || line.startsWith("~/")) && home.isPresent()) {
                line = home.get() + line.substring(1);
            }
            Path pattern = workspace.resolve(line).normalize();
            out.add(new Line(exclude, pattern, Pattern.compile(regex(pattern.toString())), searchPath(pattern)));
        }
        return out;
    }

    private static Path searchPath(Path pattern) {
        Path out = pattern.getRoot();
        for (Path segment : pattern) {
            if (isGlob(segment.toString())) {
                break;
            }
            out = out.resolve(segment);
        }
        return out;
    }

    private static boolean isGlob(String segment) {
        return segment.contains("*") || segment.contains("?") || segment.contains("[");
    }

    /** A path matches if it or one of its ancestors (implicit descendants) matches the pattern. */
    private static boolean matches(Line line, Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (line.regex().matcher(p.toString()).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hidden(Path searchPath, Path path) {
        if (!path.startsWith(searchPath)) {
            return false;
        }
        for (Path segment : searchPath.relativize(path)) {
            if (segment.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> searchPaths(List<Line> includes) {
        List<Path> out = new ArrayList<>();
        for (Line line : includes) {
            Path candidate = line.searchPath();
            boolean covered = includes.stream()
                    .map(Line::searchPath)
                    .anyMatch(o -> !o.equals(candidate) && candidate.startsWith(o));
            if (!covered && !out.contains(candidate)) {
                out.add(candidate);
            }
        }
        return out;
    }

    private static Path root(List<Path> searchPaths, List<Path> matches) {
        if (searchPaths.isEmpty()) {
            return Path.of("/");
        }
        if (searchPaths.size() > 1) {
            Path lca = searchPaths.get(0);
            for (Path p : searchPaths) {
                while (!p.startsWith(lca)) {
                    lca = lca.getParent();
                }
            }
            return lca;
        }
        Path only = searchPaths.get(0);
        if (matches.size() == 1 && matches.get(0).equals(only) && !Files.isDirectory(only)) {
            return only.getParent();
        }
        return only;
    }

    static String regex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slashBefore = i == 0 || glob.charAt(i - 1) == '/';
                boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                if (slashBefore && slashAfter) {
                    out.append("(?:.*/)?"); // "**/" matches zero or more whole segments
                    i += 2;
                } else {
                    out.append(".*");
                    i++;
                }
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 1);
                if (close < 0) {
                    out.append("\\[");
                } else {
                    String body = glob.substring(i + 1, close).replace("\\", "\\\\");
                    out.append('[')
                            .append(body.startsWith("!") ? "^" + body.substring(1) : body)
                            .append(']');
                    i = close;
                }
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
