package dev.slipway.plan;

import dev.slipway.expr.Value;

/**
 * The repository an event happens in, as needed to build GitHub-shaped payloads.
 *
 * @param owner the owner login
 * @param name the repository name
 * @param defaultBranch e.g. {@code main}
 * @param serverUrl the server's base URL without trailing slash, e.g. {@code https://slipway.example.com}
 */
public record Repo(String owner, String name, String defaultBranch, String serverUrl) {

    /** Parses {@code owner/name}. */
    public static Repo of(String fullName, String defaultBranch, String serverUrl) {
        int slash = fullName.indexOf('/');
        if (slash <= 0 || slash == fullName.length() - 1) {
            throw new IllegalArgumentException("repository must be owner/name: " + fullName);
        }
        String base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        return new Repo(fullName.substring(0, slash), fullName.substring(slash + 1), defaultBranch, base);
    }

    /** {@code owner/name}. */
    public String fullName() {
        return owner + "/" + name;
    }

    /** The web address of the repository. */
    public String htmlUrl() {
        return serverUrl + "/" + fullName();
    }

    /** The {@code repository} object of webhook payloads. */
    public Value.Obj toValue() {
        return Json.obj(
                "name",
                name,
                "full_name",
                fullName(),
                "owner",
                Json.obj("login", owner, "name", owner),
                "default_branch",
                defaultBranch,
                "private",
                false,
                "html_url",
                htmlUrl(),
                "clone_url",
                htmlUrl() + ".git");
    }
}
