package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The deployment environments of repositories, their reviewers and their branch and tag name patterns. */
public final class Environments {
    private static final String COLUMNS =
            "id, repo_id, name, wait_timer, prevent_self_review, branch_policy, created_at, updated_at";
    private final Ctx ctx;

    Environments(Ctx ctx) {
        this.ctx = ctx;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The environment named {@code name}, in any case. */
    public Optional<Environment> find(long repoId, String name) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + " FROM environments WHERE repo_id = :repo AND name_key = :key")
                        .bind("repo", repoId)
                        .bind("key", key(name))
                        .map(Environments::map)
                        .findOne()
                        .map(e -> withReviewers(h, e)));
    }

    public Optional<Environment> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM environments WHERE id = :id")
                        .bind("id", id)
                        .map(Environments::map)
                        .findOne()
                        .map(e -> withReviewers(h, e)));
    }

    /** A repository's environments by name. */
    public List<Environment> list(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h
                        .createQuery("SELECT " + COLUMNS + " FROM environments WHERE repo_id = :repo ORDER BY name_key")
                        .bind("repo", repoId)
                        .map(Environments::map)
                        .list()
                        .stream()
                        .map(e -> withReviewers(h, e))
                        .toList());
    }

    /** The environment, created without rules when there is none (a job naming it, as on GitHub). */
    public Environment findOrCreate(long repoId, String name) {
        return find(repoId, name).orElseGet(() -> {
            try {
                return put(repoId, name, Environment.Rules.none());
            } catch (RuntimeException e) {
                if (Rows.uniqueViolation(e)) { // another job created it at the same moment
                    return find(repoId, name).orElseThrow();
                }
                throw e;
            }
        });
    }

    /** Creates the environment or replaces its rules; its name keeps the case it was created with. */
    public Environment put(long repoId, String name, Environment.Rules rules) {
        var now = ctx.now();
        long id = ctx.jdbi().inTransaction(h -> {
            var existing = h.createQuery("SELECT id FROM environments WHERE repo_id = :repo AND name_key = :key")
                    .bind("repo", repoId)
                    .bind("key", key(name))
                    .mapTo(Long.class)
                    .findOne();
            long envId;
            if (existing.isPresent()) {
                envId = existing.get();
                h.createUpdate("UPDATE environments SET wait_timer = :timer, prevent_self_review = :self,"
                                + " branch_policy = :policy, updated_at = :now WHERE id = :id")
                        .bind("timer", rules.waitTimer())
                        .bind("self", rules.preventSelfReview())
                        .bind("policy", Rows.code(rules.branchPolicy()))
                        .bind("now", now)
                        .bind("id", envId)
                        .execute();
                h.createUpdate("DELETE FROM environment_reviewers WHERE environment_id = :id")
                        .bind("id", envId)
                        .execute();
            } else {
                envId = h.createUpdate("INSERT INTO environments (repo_id, name, name_key, wait_timer,"
                                + " prevent_self_review, branch_policy, created_at, updated_at)"
                                + " VALUES (:repo, :name, :key, :timer, :self, :policy, :now, :now)")
                        .bind("repo", repoId)
                        .bind("name", name)
                        .bind("key", key(name))
                        .bind("timer", rules.waitTimer())
                        .bind("self", rules.preventSelfReview())
                        .bind("policy", Rows.code(rules.branchPolicy()))
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
            }
            for (long user : rules.reviewers()) {
                h.createUpdate("INSERT INTO environment_reviewers (environment_id, user_id) VALUES (:env, :user)")
                        .bind("env", envId)
                        .bind("user", user)
                        .execute();
            }
            return envId;
        });
        return find(id).orElseThrow();
    }

    /** Deletes the environment with its secrets, variables and rules; false when there was none. */
    public boolean delete(long repoId, String name) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM environments WHERE repo_id = :repo AND name_key = :key")
                                .bind("repo", repoId)
                                .bind("key", key(name))
                                .execute())
                > 0;
    }

    /** The branch and tag name patterns of an environment, oldest first. */
    public List<Environment.RefPattern> patterns(long environmentId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT id, name, type FROM environment_branch_policies"
                                + " WHERE environment_id = :env ORDER BY id")
                        .bind("env", environmentId)
                        .map((rs, c) -> new Environment.RefPattern(
                                rs.getLong("id"), Rows.string(rs, "name"), Rows.string(rs, "type")))
                        .list());
    }

    /** Adds a pattern; empty when the environment has it already. */
    public Optional<Environment.RefPattern> addPattern(long environmentId, String name, String type) {
        try {
            long id = ctx.jdbi()
                    .withHandle(h -> h.createUpdate("INSERT INTO environment_branch_policies"
                                    + " (environment_id, name, type) VALUES (:env, :name, :type)")
                            .bind("env", environmentId)
                            .bind("name", name)
                            .bind("type", type)
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one());
            return Optional.of(new Environment.RefPattern(id, name, type));
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Renames a pattern; false when the environment has no such pattern. */
    public boolean renamePattern(long environmentId, long id, String name) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE environment_branch_policies SET name = :name"
                                        + " WHERE id = :id AND environment_id = :env")
                                .bind("name", name)
                                .bind("id", id)
                                .bind("env", environmentId)
                                .execute())
                > 0;
    }

    public boolean deletePattern(long environmentId, long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM environment_branch_policies WHERE id = :id AND environment_id = :env")
                                .bind("id", id)
                                .bind("env", environmentId)
                                .execute())
                > 0;
    }

    private static Environment withReviewers(Handle h, Environment e) {
        var reviewers = h.createQuery(
                        "SELECT user_id FROM environment_reviewers WHERE environment_id = :env ORDER BY user_id")
                .bind("env", e.id())
                .mapTo(Long.class)
                .list();
        return new Environment(
                e.id(),
                e.repoId(),
                e.name(),
                e.waitTimer(),
                e.preventSelfReview(),
                reviewers,
                e.branchPolicy(),
                e.created(),
                e.updated());
    }

    private static Environment map(ResultSet rs, StatementContext c) throws SQLException {
        return new Environment(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "name"),
                rs.getInt("wait_timer"),
                rs.getBoolean("prevent_self_review"),
                List.of(),
                Rows.decode(Environment.BranchPolicy.class, Rows.string(rs, "branch_policy")),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
