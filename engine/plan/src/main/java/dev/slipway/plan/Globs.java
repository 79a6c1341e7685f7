package dev.slipway.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * GitHub's filter patterns for branches, tags and paths, as in the "filter pattern cheat sheet": {@code *} matches
 * any characters but {@code /}, {@code **} any characters, {@code ?} makes the previous character optional, {@code +}
 * repeats it, {@code [..]} matches one character of a set or range, {@code \} escapes, and a leading {@code !} negates.
 * In a list the last matching pattern wins.
 */
public final class Globs {

    private Globs() {}

    /** A compiled pattern. {@code negated} is true for a {@code !pattern}. */
    public record Glob(String pattern, boolean negated, Pattern regex) {
        /** Whether {@code name} matches the pattern body (ignoring negation). */
        public boolean matches(String name) {
            return regex.matcher(name).matches();
        }
    }

    /**
     * Compiles one pattern.
     *
     * @throws IllegalArgumentException when the pattern is invalid (check user input with {@link #problem} first)
     */
    public static Glob compile(String pattern) {
        boolean negated = pattern.startsWith("!");
        String body = negated ? pattern.substring(1) : pattern;
        return new Glob(pattern, negated, Pattern.compile(toRegex(body)));
    }

    /** Why {@code pattern} is not a valid filter pattern, or empty when it is valid. */
    public static Optional<String> problem(String pattern) {
        try {
            compile(pattern);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether {@code name} matches {@code pattern}, a single valid pattern with no negation semantics. */
    public static boolean matches(String pattern, String name) {
        return compile(pattern).matches(name);
    }

    /**
     * Whether {@code name} is selected by the list: the last pattern matching it decides, a negated one deselects. No
     * pattern matching means not selected.
     */
    public static boolean selects(List<String> patterns, String name) {
        return selectedBy(compileAll(patterns), name);
    }

    /** Whether at least one of {@code names} is selected by the list ({@code paths:} semantics). */
    public static boolean selectsAny(List<String> patterns, Collection<String> names) {
        List<Glob> globs = compileAll(patterns);
        return names.stream().anyMatch(n -> selectedBy(globs, n));
    }

    /** Whether every one of {@code names} is selected by the list ({@code paths-ignore:} semantics). */
    public static boolean selectsAll(List<String> patterns, Collection<String> names) {
        List<Glob> globs = compileAll(patterns);
        return names.stream().allMatch(n -> selectedBy(globs, n));
    }

    private static List<Glob> compileAll(List<String> patterns) {
        List<Glob> out = new ArrayList<>(patterns.size());
        for (String p : patterns) {
            out.add(compile(p));
        }
        return out;
    }

    private static boolean selectedBy(List<Glob> globs, String name) {
        boolean selected = false;
        for (Glob g : globs) {
            if (g.matches(name)) {
                selected = !g.negated();
            }
        }
        return selected;
    }

    /** Translates a pattern body to a Java regex; throws {@link IllegalArgumentException} when invalid. */
    static String toRegex(String p) {
        if (p.isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
                        if (i + 2 < p.length() && p.charAt(i + 2) == '/') {
                            re.append("(?:.*/)?"); // "**/" also matches no directory at all
                            i += 3;
                        } else {
                            re.append(".*");
                            i += 2;
                        }
                    } else {
                        re.append("[^/]*");
                        i++;
                    }
                }
                case '?', '+' -> {
                    if (i == 0 || re.isEmpty()) {
                        throw new IllegalArgumentException("'" + c + "' must follow a character in '" + p + "'");
                    }
                    re.append(c);
                    i++;
                }
                case '[' -> i = bracket(p, i, re);
                case '\\' -> {
                    if (i + 1 >= p.length()) {
                        throw new IllegalArgumentException("missing character after '\\' in '" + p + "'");
                    }
                    literal(p.charAt(i + 1), re);
                    i += 2;
                }
                default -> {
                    literal(c, re);
                    i++;
                }
            }
        }
        return re.toString();
    }

    private static int bracket(String p, int start, StringBuilder re) {
        int i = start + 1;
        StringBuilder set = new StringBuilder("[");
        if (i < p.length() && p.charAt(i) == ']') {
            throw new IllegalArgumentException("empty brackets '[]' in '" + p + "'");
        }
        while (i < p.length() && p.charAt(i) != ']') {
            char c = p.charAt(i);
            if (i + 2 < p.length() && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
                char end = p.charAt(i + 2);
                if (!sameClass(c, end) || c > end) {
                    throw new IllegalArgumentException(
                            "invalid range '" + c + "-" + end + "' in '" + p + "': ranges can only be a-z, A-Z or 0-9");
                }
                set.append(c).append('-').append(end);
                i += 3;
            } else {
                if (!isAlnum(c)) {
                    throw new IllegalArgumentException(
                            "'" + c + "' in brackets of '" + p + "': brackets can only hold a-z, A-Z or 0-9");
                }
                set.append(c);
                i++;
            }
        }
        if (i >= p.length()) {
            throw new IllegalArgumentException("missing ']' in '" + p + "'");
        }
        re.append(set).append(']');
        return i + 1;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean sameClass(char a, char b) {
        return (a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z')
                || (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z')
                || (a >= '0' && a <= '9' && b >= '0' && b <= '9');
    }

    private static void literal(char c, StringBuilder re) {
        if (isAlnum(c) || c > 127) {
            re.append(c);
        } else {
            re.append('\\').append(c);
        }
    }
}
