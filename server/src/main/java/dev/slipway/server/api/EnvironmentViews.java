package dev.slipway.server.api;

import dev.slipway.server.environments.Approvals;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Deployment;
import dev.slipway.server.store.DeploymentReview;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** JSON shapes of environments, their rules, deployments and reviews, field for field like GitHub's. */
final class EnvironmentViews {
    private EnvironmentViews() {}

    static Map<String, @Nullable Object> environment(Environment e, Repo repo, Database db, Links links) {
        var m = brief(e, repo, links);
        m.put("created_at", Views.time(e.created()));
        m.put("updated_at", Views.time(e.updated()));
        List<Object> rules = new ArrayList<>();
        if (!e.reviewers().isEmpty()) {
            var r = Views.obj();
            r.put("id", e.id() * 10 + 1);
            r.put("node_id", "GA_" + e.id() + "_reviewers");
            r.put("type", "required_reviewers");
            r.put("prevent_self_review", e.preventSelfReview());
            r.put("reviewers", reviewers(e, db, links));
            rules.add(r);
        }
        if (e.waitTimer() > 0) {
            var r = Views.obj();
            r.put("id", e.id() * 10 + 2);
            r.put("node_id", "GA_" + e.id() + "_wait_timer");
            r.put("type", "wait_timer");
            r.put("wait_timer", e.waitTimer());
            rules.add(r);
        }
        if (e.branchPolicy() != Environment.BranchPolicy.ALL) {
            var r = Views.obj();
            r.put("id", e.id() * 10 + 3);
            r.put("node_id", "GA_" + e.id() + "_branch_policy");
            r.put("type", "branch_policy");
            rules.add(r);
        }
        m.put("protection_rules", rules);
        m.put(
                "deployment_branch_policy",
                e.branchPolicy() == Environment.BranchPolicy.ALL
                        ? null
                        : Map.of(
                                "protected_branches", e.branchPolicy() == Environment.BranchPolicy.PROTECTED,
                                "custom_branch_policies", e.branchPolicy() == Environment.BranchPolicy.CUSTOM));
        m.put("can_admins_bypass", false);
        return m;
    }

    /** The short environment object of pending deployments and approvals. */
    static Map<String, @Nullable Object> brief(Environment e, Repo repo, Links links) {
        var m = Views.obj();
        m.put("id", e.id());
        m.put("node_id", "EN_" + e.id());
        m.put("name", e.name());
        m.put("url", links.repoApi(repo.fullName()) + "/environments/" + e.name());
        m.put("html_url", links.web("/" + repo.fullName() + "/environments"));
        return m;
    }

    static List<Object> reviewers(Environment e, Database db, Links links) {
        List<Object> out = new ArrayList<>();
        for (long id : e.reviewers()) {
            db.users().find(id).ifPresent(u -> out.add(Map.of("type", "User", "reviewer", Views.user(u, links))));
        }
        return out;
    }

    static Map<String, @Nullable Object> pattern(Environment.RefPattern p) {
        var m = Views.obj();
        m.put("id", p.id());
        m.put("node_id", "DBP_" + p.id());
        m.put("name", p.name());
        m.put("type", p.type());
        return m;
    }

    static Map<String, @Nullable Object> pending(
            Approvals.Pending p, Repo repo, Database db, Links links, boolean canApprove) {
        var m = Views.obj();
        m.put("environment", brief(p.environment(), repo, links));
        m.put("wait_timer", p.environment().waitTimer());
        m.put("wait_timer_started_at", p.timerStarted().map(Views::time).orElse(null));
        m.put("current_user_can_approve", canApprove && p.awaitingReview());
        m.put("reviewers", reviewers(p.environment(), db, links));
        return m;
    }

    static Map<String, @Nullable Object> review(DeploymentReview r, Repo repo, Database db, Links links) {
        var m = Views.obj();
        m.put("url", links.repoApi(repo.fullName()) + "/actions/runs/" + r.runId() + "/approvals");
        m.put(
                "environments",
                db.environments()
                        .find(r.environmentId())
                        .map(e -> List.of(brief(e, repo, links)))
                        .orElse(List.of()));
        m.put("state", Views.code(r.state()));
        m.put("user", db.users().find(r.userId()).map(u -> Views.user(u, links)).orElse(null));
        m.put("comment", r.comment());
        m.put("created_at", Views.time(r.created()));
        return m;
    }

    static Map<String, @Nullable Object> deployment(Deployment d, Repo repo, Database db, Links links) {
        var api = links.repoApi(repo.fullName()) + "/deployments/" + d.id();
        var m = Views.obj();
        m.put("url", api);
        m.put("id", d.id());
        m.put("node_id", "DE_" + d.id());
        m.put("sha", d.sha());
        m.put("ref", d.ref());
        m.put("task", "deploy");
        m.put("payload", Map.of());
        m.put("original_environment", d.environment());
        m.put("environment", d.environment());
        m.put("description", null);
        m.put("creator", creator(d.creator(), db, links));
        m.put("created_at", Views.time(d.created()));
        m.put("updated_at", Views.time(d.updated()));
        m.put("statuses_url", api + "/statuses");
        m.put("repository_url", links.repoApi(repo.fullName()));
        m.put("transient_environment", false);
        m.put("production_environment", false);
        d.runId().ifPresent(id -> m.put("run_id", id));
        d.jobId().ifPresent(id -> m.put("job_id", id));
        return m;
    }

    static Map<String, @Nullable Object> status(Deployment.Status s, Deployment d, Repo repo, Links links) {
        var api = links.repoApi(repo.fullName()) + "/deployments/" + d.id();
        var m = Views.obj();
        m.put("url", api + "/statuses/" + s.id());
        m.put("id", s.id());
        m.put("node_id", "DES_" + s.id());
        m.put("state", s.state());
        m.put("creator", Views.login(s.creator()));
        m.put("description", s.description());
        m.put("environment", d.environment());
        m.put("target_url", s.logUrl());
        m.put("log_url", s.logUrl());
        m.put("environment_url", s.environmentUrl());
        m.put("created_at", Views.time(s.created()));
        m.put("updated_at", Views.time(s.created()));
        m.put("deployment_url", api);
        m.put("repository_url", links.repoApi(repo.fullName()));
        return m;
    }

    private static Object creator(String login, Database db, Links links) {
        Optional<User> user = db.users().findByLogin(login);
        return user.<Object>map(u -> Views.user(u, links)).orElseGet(() -> Views.login(login));
    }
}
