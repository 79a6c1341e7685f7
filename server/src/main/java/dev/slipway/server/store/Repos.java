package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.StatementContext;

/** Repositories and their members. The owner always has {@link Role#ADMIN}. */
public final class Repos {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final String SELECT = "SELECT r.id, r.owner_id, u.login, r.name, r.description, r.is_private,"
            + " r.default_branch, r.created_at FROM repositories r JOIN users u ON u.id = r.owner_id";
    private final Ctx ctx;

    Repos(Ctx ctx) {
        this.ctx = ctx;
    }

    /**
     * Creates a repository.
     *
     * @throws IllegalArgumentException for a name other than letters, digits, '.', '_', '-', or "." / ".."
     * @throws StoreException if the owner has a repository of that name already, in any case
     */
    public Repo create(long ownerId, String name, String description, boolean isPrivate, String defaultBranch) {
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..") || name.endsWith(".git")) {
            throw new IllegalArgumentException("invalid repository name '" + name + "'");
        }
        var now = ctx.now();
        try {
            long id = ctx.jdbi()
                    .withHandle(h -> h.createUpdate("INSERT INTO repositories"
                                    + " (owner_id, name, name_key, description, is_private, default_branch, created_at)"
                                    + " VALUES (:owner, :name, :key, :description, :private, :branch, :now)")
                            .bind("owner", ownerId)
                            .bind("name", name)
                            .bind("key", Users.key(name))
                            .bind("description", description)
                            .bind("private", isPrivate)
                            .bind("branch", defaultBranch)
                            .bind("now", now)
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one());
            return find(id).orElseThrow();
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                throw new StoreException("repository '" + name + "' exists already", e);
            }
            throw e;
        }
    }

    public Optional<Repo> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE r.id = :id")
                        .bind("id", id)
                        .map(Repos::map)
                        .findOne());
    }

    /** Finds {@code owner/name}, ignoring case in both. */
    public Optional<Repo> find(String ownerLogin, String name) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE u.login_key = :owner AND r.name_key = :name")
                        .bind("owner", Users.key(ownerLogin))
                        .bind("name", Users.key(name))
                        .map(Repos::map)
                        .findOne());
    }

    /** An owner's repositories by name. */
    public List<Repo> listByOwner(long ownerId, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                SELECT + " WHERE r.owner_id = :owner ORDER BY r.name_key LIMIT :limit OFFSET :offset")
                        .bind("owner", ownerId)
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Repos::map)
                        .list());
    }

    /** Repositories a user may read (public ones, own ones, and those they are a member of), by full name. */
    public List<Repo> listVisibleTo(Optional<Long> userId, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT
                                + " WHERE r.is_private = FALSE OR r.owner_id = :user OR EXISTS (SELECT 1 FROM repository_members m"
                                + " WHERE m.repo_id = r.id AND m.user_id = :user)"
                                + " ORDER BY u.login_key, r.name_key LIMIT :limit OFFSET :offset")
                        .bind("user", userId.orElse(-1L))
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Repos::map)
                        .list());
    }

    /** Changes the settings; false if there is no such repository. */
    public boolean update(long id, String description, boolean isPrivate, String defaultBranch) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE repositories SET description = :description,"
                                        + " is_private = :private, default_branch = :branch WHERE id = :id")
                                .bind("description", description)
                                .bind("private", isPrivate)
                                .bind("branch", defaultBranch)
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** Deletes a repository with its runs, jobs, statuses, caches and members. */
    public boolean delete(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM repositories WHERE id = :id")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** Adds a member or changes their role. */
    public void setMember(long repoId, long userId, Role role) {
        ctx.jdbi().useTransaction(h -> {
            var changed = h.createUpdate(
                            "UPDATE repository_members SET role = :role WHERE repo_id = :repo AND user_id = :user")
                    .bind("role", Rows.code(role))
                    .bind("repo", repoId)
                    .bind("user", userId)
                    .execute();
            if (changed == 0) {
                h.createUpdate("INSERT INTO repository_members (repo_id, user_id, role) VALUES (:repo, :user, :role)")
                        .bind("role", Rows.code(role))
                        .bind("repo", repoId)
                        .bind("user", userId)
                        .execute();
            }
        });
    }

    public boolean removeMember(long repoId, long userId) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM repository_members WHERE repo_id = :repo AND user_id = :user")
                                .bind("repo", repoId)
                                .bind("user", userId)
                                .execute())
                == 1;
    }

    /** Members by login; the owner is not listed (see {@link #role}). */
    public List<Member> members(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT m.repo_id, m.user_id, u.login, m.role"
                                + " FROM repository_members m JOIN users u ON u.id = m.user_id"
                                + " WHERE m.repo_id = :repo ORDER BY u.login_key")
                        .bind("repo", repoId)
                        .map((rs, c) -> new Member(
                                rs.getLong("repo_id"),
                                rs.getLong("user_id"),
                                Rows.string(rs, "login"),
                                Rows.decode(Role.class, Rows.string(rs, "role"))))
                        .list());
    }

    /** A user's role: admin for the owner, the member's role, or empty (public repositories are readable by all). */
    public Optional<Role> role(long repoId, long userId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT CASE WHEN r.owner_id = :user THEN 'admin' ELSE"
                                + " (SELECT m.role FROM repository_members m WHERE m.repo_id = r.id AND m.user_id = :user) END"
                                + " FROM repositories r WHERE r.id = :repo")
                        .bind("repo", repoId)
                        .bind("user", userId)
                        .map((rs, c) -> Rows.optDecode(rs, 1, Role.class))
                        .findOne()
                        .flatMap(r -> r));
    }

    static Repo map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Repo(
                rs.getLong("id"),
                rs.getLong("owner_id"),
                Rows.string(rs, "login"),
                Rows.string(rs, "name"),
                Rows.string(rs, "description"),
                rs.getBoolean("is_private"),
                Rows.string(rs, "default_branch"),
                Rows.instant(rs, "created_at"));
    }
}
