package dev.slipway.expr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * GitHub's {@code hashFiles()}: the SHA-256 of the concatenated SHA-256 digests of every regular file below the
 * workspace that the patterns match, visited depth first in name order; {@code ""} when nothing matches. Patterns
 * are globs relative to the workspace ({@code *}, {@code ?}, {@code [abc]}, {@code **} for any number of
 * directories); a pattern matching a directory matches everything below it; {@code !pattern} excludes, and the last
 * matching pattern decides.
 */
public final class HashFiles {
    private HashFiles() {}

    /** Hashes the files below {@code workspace} that {@code patterns} select. */
    public static String compute(Path workspace, List<String> patterns) throws ExprException {
        Path root = workspace.toAbsolutePath().normalize();
        List<Glob> globs = new ArrayList<>();
        for (String p : patterns) {
            Glob g = Glob.of(root, p);
            if (!g.relative().isEmpty()) {
                globs.add(g);
            }
        }
        if (globs.isEmpty() || globs.stream().allMatch(Glob::negate)) {
            return "";
        }
        MessageDigest total = sha256();
        boolean[] matched = {false};
        try {
            walk(root, root, globs, total, matched, new HashSet<>());
        } catch (IOException e) {
            throw new ExprException("hashFiles: cannot read " + e.getMessage(), 0);
        }
        return matched[0] ? HexFormat.of().formatHex(total.digest()) : "";
    }

    private static void walk(
            Path root, Path dir, List<Glob> globs, MessageDigest total, boolean[] matched, Set<Path> visited)
            throws IOException {
        Path real = dir.toRealPath();
        if (!visited.add(real)) {
            return; // a symbolic link loop
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = new ArrayList<>(list.toList());
        }
        children.sort(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            if (Files.isDirectory(child)) {
                walk(root, child, globs, total, matched, visited);
            } else if (Files.isRegularFile(child)
                    && selected(root.relativize(child).toString(), globs)) {
                total.update(fileDigest(child));
                matched[0] = true;
            }
        }
        visited.remove(real);
    }

    private static boolean selected(String relative, List<Glob> globs) {
        String path = relative.replace('\\', '/');
        boolean selected = false;
        for (Glob g : globs) {
            if (g.negate() == selected && g.matchesSelfOrAncestor(path)) {
                selected = !g.negate();
            }
        }
        return selected;
    }

    private static byte[] fileDigest(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** One pattern, made relative to the workspace and compiled to a regular expression. */
    record Glob(boolean negate, String relative, Pattern regex) {

        static Glob of(Path root, String pattern) {
            String p = pattern.strip();
            boolean negate = false;
            while (p.startsWith("!")) {
                negate = !negate;
                p = p.substring(1);
            }
            p = p.replace('\\', '/');
            String rootText = root.toString().replace('\\', '/');
            if (p.startsWith(rootText + "/")) {
                p = p.substring(rootText.length() + 1);
            } else if (p.equals(rootText)) {
                p = "**";
            }
            while (p.startsWith("./")) {
                p = p.substring(2);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return new Glob(negate, p, Pattern.compile(toRegex(p)));
        }

        boolean matchesSelfOrAncestor(String path) {
            if (regex.matcher(path).matches()) {
                return true;
            }
            for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
                if (regex.matcher(path.substring(0, i)).matches()) {
                    return true;
                }
            }
            return false;
        }

        static String toRegex(String glob) {
            StringBuilder sb = new StringBuilder();
            String[] segments = glob.split("/", -1);
            for (int s = 0; s < segments.length; s++) {
                String seg = segments[s];
                boolean last = s == segments.length - 1;
                if (seg.equals("**")) {
                    sb.append(last ? ".*" : "(?:[^/]+/)*");
                    continue;
                }
                appendSegment(seg, sb);
                if (!last) {
                    sb.append('/');
                }
            }
            return sb.toString();
        }

        private static void appendSegment(String seg, StringBuilder sb) {
            for (int i = 0; i < seg.length(); i++) {
                char c = seg.charAt(i);
                switch (c) {
                    case '*' -> sb.append("[^/]*");
                    case '?' -> sb.append("[^/]");
                    case '[' -> {
                        int close = seg.indexOf(']', i + 1);
                        if (close < 0) {
                            sb.append("\\[");
                        } else {
                            String body = seg.substring(i + 1, close);
                            if (body.startsWith("!")) {
                                body = "^" + body.substring(1);
                            }
                            sb.append('[').append(body.replace("\\", "\\\\")).append(']');
                            i = close;
                        }
                    }
                    default -> sb.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }
    }
}
