package dev.slipway.actions;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote action reference {@code owner/repo[/path]@ref} as written in {@code uses:}.
 *
 * @param owner the repository owner, as written
 * @param repo the repository name, as written
 * @param path the directory of the action inside the repository, without leading or trailing slashes
 * @param ref a tag, branch or commit id
 */
public record ActionRef(String owner, String repo, Optional<String> path, String ref) {
    private static final Pattern USES =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9._-]+)((?:/[^@/]+)*)/?@([^@\\s]+)");

    /** Where GitHub looks for a reusable workflow in a repository: {@code .github/workflows}, no subdirectories. */
    private static final Pattern WORKFLOW_PATH = Pattern.compile("\\.github/workflows/[^/]+\\.ya?ml");

    /**
     * Parses {@code uses}; empty for local ({@code ./x}), {@code docker://} and malformed references, and for paths
     * that would escape the repository ({@code ..}).
     */
    public static Optional<ActionRef> parse(String uses) {
        Matcher m = USES.matcher(uses.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(2).equals(".") || m.group(2).equals("..")) {
            return Optional.empty(); // a repository named so would lead out of an action source's directory
        }
        String path = m.group(3).isEmpty() ? "" : m.group(3).substring(1);
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.empty();
            }
        }
        return Optional.of(new ActionRef(
                m.group(1), m.group(2), path.isEmpty() ? Optional.empty() : Optional.of(path), m.group(4)));
    }

    /**
     * Parses {@code uses} of a job that calls a reusable workflow of another repository,
     * {@code owner/repo/.github/workflows/<file>.yml@ref} (or {@code .yaml}); empty for anything else.
     */
    public static Optional<ActionRef> parseWorkflow(String uses) {
        return parse(uses)
                .filter(r -> r.path().isPresent()
                        && WORKFLOW_PATH.matcher(r.path().get()).matches());
    }

    /** What a job whose {@code uses} {@link #parseWorkflow} refused is told. */
    public static String notAWorkflow(String uses) {
        return "'" + uses + "' is not a reusable workflow: a workflow of another repository is called as"
                + " owner/repo/.github/workflows/<file>.yml@ref";
    }

    /**
     * The file or directory {@code path} of this repository at this ref: its {@link #toString} ({@code
     * owner/repo/<path>@ref}) is how a reusable workflow of another repository is named, as it is called.
     */
    public ActionRef withPath(String path) {
        return new ActionRef(owner, repo, Optional.of(path), ref);
    }

    /** {@code owner/repo@ref}: the repository at the ref, without the path. */
    public String repository() {
        return owner + "/" + repo + "@" + ref;
    }

    /** {@code owner/repo[/path]} in lower case, without the ref: the key built-ins are found by. */
    public String name() {
        return (owner + "/" + repo + path.map(p -> "/" + p).orElse("")).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return owner + "/" + repo + path.map(p -> "/" + p).orElse("") + "@" + ref;
    }
}
