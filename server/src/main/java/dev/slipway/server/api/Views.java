package dev.slipway.server.api;

import dev.slipway.git.Branch;
import dev.slipway.git.Commit;
import dev.slipway.git.CommitDetail;
import dev.slipway.git.Person;
import dev.slipway.server.auth.Caller;
import dev.slipway.server.store.CombinedStatus;
import dev.slipway.server.store.CommitStatus;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunStatus;
import dev.slipway.server.store.Step;
import dev.slipway.server.store.Token;
import dev.slipway.server.store.User;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** JSON shapes of resources, field for field like GitHub's where GitHub has the field. */
final class Views {
    private Views() {}

    static Map<String, @Nullable Object> user(User u, Links links) {
        var m = obj();
        m.put("login", u.login());
        m.put("id", u.id());
        m.put("type", "User");
        m.put("site_admin", u.admin());
        m.put("name", u.displayName());
        m.put("email", u.email());
        m.put("created_at", time(u.created()));
        m.put("url", links.api("/users/" + u.login()));
        return m;
    }

    static Map<String, @Nullable Object> owner(long id, String login) {
        var m = obj();
        m.put("login", login);
        m.put("id", id);
        m.put("type", "User");
        return m;
    }

    static Map<String, @Nullable Object> repo(Repo r, Optional<Role> role, Links links) {
        var m = obj();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("full_name", r.fullName());
        m.put("owner", owner(r.ownerId(), r.ownerLogin()));
        m.put("private", r.isPrivate());
        m.put("visibility", r.isPrivate() ? "private" : "public");
        m.put("description", r.description());
        m.put("default_branch", r.defaultBranch());
        m.put("created_at", time(r.created()));
        m.put("url", links.repoApi(r.fullName()));
        m.put("html_url", links.web("/" + r.fullName()));
        m.put("clone_url", links.web("/" + r.fullName() + ".git"));
        var p = new LinkedHashMap<String, Boolean>();
        p.put("admin", role.map(x -> x.allows(Role.ADMIN)).orElse(false));
        p.put("push", role.map(x -> x.allows(Role.WRITE)).orElse(false));
        p.put("pull", role.isPresent());
        m.put("permissions", p);
        return m;
    }

    static Map<String, @Nullable Object> token(Token t, Optional<String> secret) {
        var m = obj();
        m.put("id", t.id());
        m.put("name", t.name());
        secret.ifPresent(s -> m.put("token", s));
        m.put("token_last_eight", t.hint());
        m.put("scopes", t.scopes());
        m.put("created_at", time(t.created()));
        m.put("last_used_at", t.lastUsed().map(Views::time).orElse(null));
        m.put("expires_at", t.expires().map(Views::time).orElse(null));
        m.put("revoked", t.revoked().isPresent());
        return m;
    }

    static Map<String, @Nullable Object> branch(Branch b, String repoApi) {
        var m = obj();
        m.put("name", b.name());
        m.put("commit", Map.of("sha", b.sha(), "url", repoApi + "/commits/" + b.sha()));
        m.put("protected", false);
        return m;
    }

    static Map<String, @Nullable Object> commit(Commit c, String repoApi) {
        var m = obj();
        m.put("sha", c.sha());
        m.put("url", repoApi + "/commits/" + c.sha());
        var inner = obj();
        inner.put("message", c.message());
        inner.put("author", person(c.author()));
        inner.put("committer", person(c.committer()));
        m.put("commit", inner);
        m.put(
                "parents",
                c.parents().stream()
                        .map(p -> Map.of("sha", p, "url", repoApi + "/commits/" + p))
                        .toList());
        return m;
    }

    static Map<String, @Nullable Object> commitDetail(CommitDetail d, String repoApi) {
        var m = commit(d.commit(), repoApi);
        m.put(
                "stats",
                Map.of("additions", d.additions(), "deletions", d.deletions(), "total", d.additions() + d.deletions()));
        m.put(
                "files",
                d.files().stream()
                        .map(f -> {
                            var file = obj();
                            file.put("filename", f.change().path());
                            file.put("status", f.change().type().name().toLowerCase(Locale.ROOT));
                            file.put("additions", f.additions());
                            file.put("deletions", f.deletions());
                            file.put("changes", f.additions() + f.deletions());
                            f.change().oldPath().ifPresent(p -> file.put("previous_filename", p));
                            return file;
                        })
                        .toList());
        return m;
    }

    private static Map<String, @Nullable Object> person(Person p) {
        var m = obj();
        m.put("name", p.name());
        m.put("email", p.email());
        m.put("date", p.when().toInstant().toString());
        return m;
    }

    /** A user named by login, as GitHub's short user objects: {@code type} Bot for what a job's token did. */
    static Map<String, Object> login(String login) {
        return Map.of("login", login, "type", Caller.isJobActor(login) ? "Bot" : "User");
    }

    static Map<String, @Nullable Object> status(CommitStatus s, Links links) {
        var m = obj();
        m.put("id", s.id());
        m.put("state", code(s.state()));
        m.put("description", s.description().orElse(null));
        m.put("target_url", s.targetUrl().orElse(null));
        m.put("context", s.context());
        m.put("created_at", time(s.created()));
        m.put("updated_at", time(s.created()));
        m.put("creator", login(s.creator()));
        return m;
    }

    static Map<String, @Nullable Object> combined(CombinedStatus c, String sha, Repo repo, Links links) {
        var m = obj();
        m.put("state", code(c.state()));
        m.put("sha", sha);
        m.put("total_count", c.statuses().size());
        m.put("statuses", c.statuses().stream().map(s -> status(s, links)).toList());
        m.put("repository", repo(repo, Optional.empty(), links));
        return m;
    }

    /**
     * A run; {@code waiting} says a job of it waits at an environment's protection rules, which GitHub shows as the
     * run's status {@code waiting}.
     */
    static Map<String, @Nullable Object> run(Run r, Repo repo, Links links, long workflowId, boolean waiting) {
        var api = links.repoApi(repo.fullName()) + "/actions/runs/" + r.id();
        var m = obj();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("workflow_id", workflowId);
        m.put("workflow_url", links.repoApi(repo.fullName()) + "/actions/workflows/" + workflowId);
        m.put("run_number", r.number());
        m.put("run_attempt", r.attempt());
        m.put("event", r.event());
        m.put("status", waiting && r.status() == RunStatus.IN_PROGRESS ? "waiting" : code(r.status()));
        m.put("conclusion", r.conclusion().map(Views::code).orElse(null));
        m.put("head_branch", r.headBranch().orElse(null));
        m.put("head_sha", r.sha());
        m.put("path", r.workflowPath());
        m.put("display_title", r.displayTitle());
        m.put("actor", login(r.actor()));
        m.put("created_at", time(r.created()));
        m.put("run_started_at", r.started().map(Views::time).orElse(null));
        m.put("updated_at", time(r.completed().or(r::started).orElse(r.created())));
        m.put("url", api);
        m.put("jobs_url", api + "/jobs");
        m.put("cancel_url", api + "/cancel");
        m.put("rerun_url", api + "/rerun");
        m.put("html_url", links.web("/" + repo.fullName() + "/actions/runs/" + r.id()));
        m.put("repository", Map.of("id", repo.id(), "full_name", repo.fullName()));
        return m;
    }

    static Map<String, @Nullable Object> job(Job j, List<Step> steps, Repo repo, Links links) {
        var api = links.repoApi(repo.fullName()) + "/actions";
        var m = obj();
        m.put("id", j.id());
        m.put("run_id", j.runId());
        m.put("run_attempt", j.runAttempt());
        m.put("name", j.name());
        m.put("status", code(j.status()));
        m.put("conclusion", j.conclusion().map(Views::code).orElse(null));
        m.put("created_at", time(j.created()));
        m.put("started_at", j.started().map(Views::time).orElse(null));
        m.put("completed_at", j.completed().map(Views::time).orElse(null));
        m.put("labels", j.runsOn());
        m.put("runner_name", j.agent().orElse(null));
        m.put("url", api + "/jobs/" + j.id());
        m.put("run_url", api + "/runs/" + j.runId());
        m.put(
                "steps",
                steps.stream()
                        .map(s -> {
                            var step = obj();
                            step.put("name", s.name());
                            step.put("number", s.index() + 1);
                            step.put("status", code(s.status()));
                            step.put(
                                    "conclusion",
                                    s.conclusion().map(Views::code).orElse(null));
                            step.put("started_at", s.started().map(Views::time).orElse(null));
                            step.put(
                                    "completed_at",
                                    s.completed().map(Views::time).orElse(null));
                            return step;
                        })
                        .toList());
        return m;
    }

    /** GitHub's lower-case names of enum values ({@code in_progress}, {@code timed_out}). */
    static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static String time(Instant instant) {
        return instant.toString();
    }

    static Map<String, @Nullable Object> obj() {
        return new LinkedHashMap<>();
    }
}
