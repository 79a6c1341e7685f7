package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The actions secrets or variables of repositories or of environments: named values per owner (a repository's id, or
 * an environment's), GitHub's rules for names. The same class serves the four tables; secrets are stored as
 * ciphertext, which the caller makes with {@link SecretBox}.
 */
public final class Settings {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_NAME = 100;

    private final Ctx ctx;
    private final String table;
    private final String owner;

    private Settings(Ctx ctx, String table, String owner) {
        this.ctx = ctx;
        this.table = table;
        this.owner = owner;
    }

    static Settings secrets(Ctx ctx) {
        return new Settings(ctx, "action_secrets", "repo_id");
    }

    static Settings variables(Ctx ctx) {
        return new Settings(ctx, "action_variables", "repo_id");
    }

    static Settings environmentSecrets(Ctx ctx) {
        return new Settings(ctx, "environment_secrets", "environment_id");
    }

    static Settings environmentVariables(Ctx ctx) {
        return new Settings(ctx, "environment_variables", "environment_id");
    }

    /**
     * The name upper-cased, or an {@link IllegalArgumentException} saying which of GitHub's rules it breaks: only
     * letters, digits and underscores, not starting with a digit nor with {@code GITHUB_}.
     */
    public static String checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("'name' must be 1 to " + MAX_NAME + " characters long");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'name' may contain only letters, digits and underscores, and must not start with a digit: '" + name
                            + "'");
        }
        var upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("GITHUB_")) {
            throw new IllegalArgumentException("'name' must not start with GITHUB_: '" + name + "'");
        }
        return upper;
    }

    /** Creates or replaces a value; true when it was created. */
    public boolean put(long repoId, String name, String content) {
        var key = checkName(name);
        var now = ctx.now();
        return ctx.jdbi().inTransaction(h -> {
            int updated = h.createUpdate("UPDATE " + table + " SET content = :content, updated_at = :now" + " WHERE "
                            + owner + " = :repo AND name = :name")
                    .bind("content", content)
                    .bind("now", now)
                    .bind("repo", repoId)
                    .bind("name", key)
                    .execute();
            if (updated > 0) {
                return false;
            }
            h.createUpdate("INSERT INTO " + table + " (" + owner + ", name, content, created_at, updated_at)"
                            + " VALUES (:repo, :name, :content, :now, :now)")
                    .bind("repo", repoId)
                    .bind("name", key)
                    .bind("content", content)
                    .bind("now", now)
                    .execute();
            return true;
        });
    }

    /** Creates a value that must not exist yet; false when it does. */
    public boolean create(long repoId, String name, String content) {
        var key = checkName(name);
        if (find(repoId, key).isPresent()) {
            return false;
        }
        try {
            return put(repoId, key, content);
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces an existing value (and renames it when {@code newName} differs); false when there is none. */
    public boolean update(long repoId, String name, String newName, String content) {
        var key = name.toUpperCase(Locale.ROOT);
        var renamed = checkName(newName);
        var now = ctx.now();
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE " + table
                                        + " SET name = :renamed, content = :content, updated_at = :now"
                                        + " WHERE " + owner + " = :repo AND name = :name")
                                .bind("renamed", renamed)
                                .bind("content", content)
                                .bind("now", now)
                                .bind("repo", repoId)
                                .bind("name", key)
                                .execute())
                > 0;
    }

    public Optional<Setting> find(long repoId, String name) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT name, content, created_at, updated_at FROM " + table + " WHERE "
                                + owner + " = :repo AND name = :name")
                        .bind("repo", repoId)
                        .bind("name", name.toUpperCase(Locale.ROOT))
                        .map(Settings::map)
                        .findOne());
    }

    /** All of a repository's values, by name. */
    public List<Setting> list(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT name, content, created_at, updated_at FROM " + table + " WHERE "
                                + owner + " = :repo ORDER BY name")
                        .bind("repo", repoId)
                        .map(Settings::map)
                        .list());
    }

    /** Name → content of all of a repository's values. */
    public Map<String, String> contents(long repoId) {
        Map<String, String> m = new LinkedHashMap<>();
        list(repoId).forEach(s -> m.put(s.name(), s.content()));
        return m;
    }

    private static Setting map(ResultSet rs, StatementContext c) throws SQLException {
        return new Setting(
                Rows.string(rs, "name"),
                Rows.string(rs, "content"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    /** Deletes a value; false when there was none. */
    public boolean delete(long repoId, String name) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM " + table + " WHERE " + owner + " = :repo AND name = :name")
                                .bind("repo", repoId)
                                .bind("name", name.toUpperCase(Locale.ROOT))
                                .execute())
                > 0;
    }
}
