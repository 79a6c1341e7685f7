package dev.slipway.git;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated name of a hosted repository, {@code owner/name}; on disk it is {@code <root>/<owner>/<name>.git}.
 *
 * <p>Both parts match {@code [A-Za-z0-9._-]{1,100}}, contain no {@code ..}, are not {@code .} and do not end with
 * {@code .git}.
 */
public record RepoName(String owner, String name) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** Validates both parts. */
    public RepoName {
        check("owner", owner);
        check("repository name", name);
    }

    /** The name of {@code owner/name}, or a {@link GitException} of kind {@code INVALID_NAME}. */
    public static RepoName of(String owner, String name) {
        return new RepoName(owner, name);
    }

    /** Parses {@code owner/name} or {@code owner/name.git}; empty when it is not a valid name. */
    public static Optional<RepoName> parse(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith(".git")) {
            p = p.substring(0, p.length() - 4);
        }
        int slash = p.indexOf('/');
        if (slash < 0 || p.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String owner = p.substring(0, slash);
        String name = p.substring(slash + 1);
        return isValid(owner) && isValid(name) ? Optional.of(new RepoName(owner, name)) : Optional.empty();
    }

    /** Whether {@code part} is a valid owner or repository name. */
    public static boolean isValid(String part) {
        return PART.matcher(part).matches()
                && !part.contains("..")
                && !part.equals(".")
                && !part.toLowerCase(Locale.ROOT).endsWith(".git");
    }

    /** {@code owner/name}. */
    @Override
    public String toString() {
        return owner + "/" + name;
    }

    private static void check(String what, String part) {
        if (!isValid(part)) {
            throw new GitException(
                    GitException.Kind.INVALID_NAME,
                    "invalid " + what + " '" + part
                            + "': use 1 to 100 of A-Z a-z 0-9 . _ -, no '..', not ending in .git");
        }
    }
}
