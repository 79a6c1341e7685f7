package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Branch protection rules, one per repository and pattern, and the audit log of their bypasses. */
public final class Protections {
    private static final String COLUMNS = "id, repo_id, pattern, require_pull_request, required_approvals,"
            + " dismiss_stale_reviews, required_checks, require_up_to_date, allow_force_pushes, allow_deletions,"
            + " require_linear_history, enforce_admins, created_at, updated_at";
    private final Ctx ctx;

    Protections(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Creates or replaces the rule of {@code pattern} (GitHub's PUT replaces the whole protection). */
    public Protection put(long repoId, String pattern, ProtectionRules rules) {
        var now = ctx.now();
        ctx.jdbi().useTransaction(h -> {
            var changed = h.createUpdate("UPDATE branch_protections SET require_pull_request = :pr,"
                            + " required_approvals = :approvals, dismiss_stale_reviews = :stale, required_checks = :checks,"
                            + " require_up_to_date = :strict, allow_force_pushes = :force, allow_deletions = :deletions,"
                            + " require_linear_history = :linear, enforce_admins = :admins, updated_at = :now"
                            + " WHERE repo_id = :repo AND pattern = :pattern")
                    .bindMap(values(rules))
                    .bind("repo", repoId)
                    .bind("pattern", pattern)
                    .bind("now", now)
                    .execute();
            if (changed == 0) {
                h.createUpdate("INSERT INTO branch_protections (repo_id, pattern, require_pull_request,"
                                + " required_approvals, dismiss_stale_reviews, required_checks, require_up_to_date,"
                                + " allow_force_pushes, allow_deletions, require_linear_history, enforce_admins,"
                                + " created_at, updated_at) VALUES (:repo, :pattern, :pr, :approvals, :stale, :checks,"
                                + " :strict, :force, :deletions, :linear, :admins, :now, :now)")
                        .bindMap(values(rules))
                        .bind("repo", repoId)
                        .bind("pattern", pattern)
                        .bind("now", now)
                        .execute();
            }
        });
        return find(repoId, pattern).orElseThrow();
    }

    /** The rule whose pattern is exactly {@code pattern}. */
    public Optional<Protection> find(long repoId, String pattern) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + " FROM branch_protections WHERE repo_id = :repo AND pattern = :p")
                        .bind("repo", repoId)
                        .bind("p", pattern)
                        .map(Protections::map)
                        .findOne());
    }

    /** Every rule of a repository, by pattern. */
    public List<Protection> list(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + " FROM branch_protections WHERE repo_id = :repo ORDER BY pattern")
                        .bind("repo", repoId)
                        .map(Protections::map)
                        .list());
    }

    /** Removes the rule of {@code pattern}; false when there was none. */
    public boolean delete(long repoId, String pattern) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM branch_protections WHERE repo_id = :repo AND pattern = :p")
                                .bind("repo", repoId)
                                .bind("p", pattern)
                                .execute())
                == 1;
    }

    /** Records that {@code actor} went past {@code rules} of {@code pattern} moving {@code ref}. */
    public void recordBypass(
            long repoId, String ref, String pattern, String actor, String rules, String before, String after) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("INSERT INTO protection_bypasses (repo_id, ref, pattern, actor, rules,"
                                + " before_sha, after_sha, created_at) VALUES (:repo, :ref, :pattern, :actor, :rules,"
                                + " :before, :after, :now)")
                        .bind("repo", repoId)
                        .bind("ref", ref)
                        .bind("pattern", pattern)
                        .bind("actor", actor)
                        .bind("rules", rules.length() > 2000 ? rules.substring(0, 2000) : rules)
                        .bind("before", before)
                        .bind("after", after)
                        .bind("now", ctx.now())
                        .execute());
    }

    /** The bypasses of a repository, newest first. */
    public List<Bypass> bypasses(long repoId, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT id, repo_id, ref, pattern, actor, rules, before_sha, after_sha,"
                                + " created_at FROM protection_bypasses WHERE repo_id = :repo"
                                + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                        .bind("repo", repoId)
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map((rs, c) -> new Bypass(
                                rs.getLong("id"),
                                rs.getLong("repo_id"),
                                Rows.string(rs, "ref"),
                                Rows.string(rs, "pattern"),
                                Rows.string(rs, "actor"),
                                Rows.string(rs, "rules"),
                                Rows.string(rs, "before_sha"),
                                Rows.string(rs, "after_sha"),
                                Rows.instant(rs, "created_at")))
                        .list());
    }

    private static java.util.Map<String, Object> values(ProtectionRules r) {
        var m = new java.util.HashMap<String, Object>();
        m.put("pr", r.requirePullRequest());
        m.put("approvals", r.requiredApprovals());
        m.put("stale", r.dismissStaleReviews());
        m.put("checks", Rows.joinLines(r.requiredChecks()));
        m.put("strict", r.requireUpToDate());
        m.put("force", r.allowForcePushes());
        m.put("deletions", r.allowDeletions());
        m.put("linear", r.requireLinearHistory());
        m.put("admins", r.enforceAdmins());
        return m;
    }

    private static Protection map(ResultSet rs, StatementContext ctx) throws SQLException {
        var rules = new ProtectionRules(
                rs.getBoolean("require_pull_request"),
                rs.getInt("required_approvals"),
                rs.getBoolean("dismiss_stale_reviews"),
                Rows.lines(rs, "required_checks"),
                rs.getBoolean("require_up_to_date"),
                rs.getBoolean("allow_force_pushes"),
                rs.getBoolean("allow_deletions"),
                rs.getBoolean("require_linear_history"),
                rs.getBoolean("enforce_admins"));
        return new Protection(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "pattern"),
                rules,
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
