package dev.slipway.plan;

import dev.slipway.expr.Value;

/**
 * The repository an event happens in, as needed to build GitHub-shaped payloads.
 *
 * @param owner the owner login
 * @param name the repository name
 * @param defaultBranch e.g. {@code main}
 * @param serverUrl the server's base URL without trailing slash, e.g. {@code https://slipway.example.com}
 * @param id the repository's number on its server ({@code github.repository_id}); 0 when it has none (a local run)
 * @param ownerId the owner's number on its server ({@code github.repository_owner_id}); 0 when it has none
 * @param isPrivate whether only its owner and members see it ({@code repository.private} and {@code visibility})
 */
public record Repo(
        String owner, String name, String defaultBranch, String serverUrl, long id, long ownerId, boolean isPrivate) {

    /** Parses {@code owner/name}; a repository without a number. */
    public static Repo of(String fullName, String defaultBranch, String serverUrl) {
        return of(fullName, defaultBranch, serverUrl, 0);
    }

    /** Parses {@code owner/name}, the repository number {@code id} of its server. */
    public static Repo of(String fullName, String defaultBranch, String serverUrl, long id) {
        return of(fullName, defaultBranch, serverUrl, id, 0, false);
    }

    /** As {@link #of(String, String, String, long)}, with the owner's number and the repository's visibility. */
    public static Repo of(
            String fullName, String defaultBranch, String serverUrl, long id, long ownerId, boolean isPrivate) {
        int slash = fullName.indexOf('/');
        if (slash <= 0 || slash == fullName.length() - 1) {
            throw new IllegalArgumentException("repository must be owner/name: " + fullName);
        }
        String base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        return new Repo(
                fullName.substring(0, slash),
                fullName.substring(slash + 1),
                defaultBranch,
                base,
                id,
                ownerId,
                isPrivate);
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
        Value.Obj fields = Json.obj(
                "name",
                name,
                "full_name",
                fullName(),
                "owner",
                ownerId > 0
                        ? Json.obj("login", owner, "id", (double) ownerId, "name", owner, "type", "User")
                        : Json.obj("login", owner, "name", owner),
                "default_branch",
                defaultBranch,
                "private",
                isPrivate,
                "visibility",
                isPrivate ? "private" : "public",
                "html_url",
                htmlUrl(),
                "clone_url",
                htmlUrl() + ".git");
        if (id <= 0) {
            return fields;
        }
        var withId = new java.util.LinkedHashMap<String, Value>();
        withId.put("id", Value.of((double) id));
        withId.putAll(fields.fields());
        return new Value.Obj(withId);
    }
}
