package dev.slipway.server.api;

import dev.slipway.git.Commit;
import dev.slipway.git.Merges;
import dev.slipway.server.pulls.Check;
import dev.slipway.server.pulls.MergeStatus;
import dev.slipway.server.store.PullComment;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Review;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** JSON of pull requests, reviews, comments and checks, field for field like GitHub's. */
final class PullViews {
    private PullViews() {}

    static Map<String, @Nullable Object> pull(PullRequest p, Repo repo, Links links, Optional<MergeStatus> status) {
        var api = links.repoApi(repo.fullName()) + "/pulls/" + p.number();
        var m = Views.obj();
        m.put("url", api);
        m.put("id", p.id());
        m.put("number", p.number());
        m.put("state", p.state());
        m.put("locked", false);
        m.put("title", p.title());
        m.put("body", p.body());
        m.put("user", Views.login(p.author()));
        m.put("created_at", Views.time(p.created()));
        m.put("updated_at", Views.time(p.updated()));
        m.put("closed_at", p.closed().map(Views::time).orElse(null));
        m.put("merged_at", p.mergedAt().map(Views::time).orElse(null));
        m.put("merge_commit_sha", p.mergeSha().orElse(null));
        m.put("html_url", links.web("/" + repo.fullName() + "/pull/" + p.number()));
        m.put("diff_url", links.web("/" + repo.fullName() + "/pull/" + p.number() + "/files"));
        m.put("commits_url", api + "/commits");
        m.put("review_comments_url", api + "/comments");
        m.put("comments_url", links.repoApi(repo.fullName()) + "/issues/" + p.number() + "/comments");
        m.put("statuses_url", links.repoApi(repo.fullName()) + "/statuses/" + p.headSha());
        m.put("head", side(p.headBranch(), p.headSha(), repo, links));
        m.put("base", side(p.baseBranch(), p.baseSha(), repo, links));
        m.put("draft", false);
        m.put("merged", p.merged());
        m.put("merged_by", p.mergedBy().map(Views::login).orElse(null));
        m.put("merge_method", p.mergeMethod().orElse(null));
        m.put(
                "auto_merge",
                p.autoMergeMethod()
                        .map(method ->
                                Map.of("enabled_by", Views.login(p.autoMergeBy().orElse("")), "merge_method", method))
                        .orElse(null));
        status.ifPresent(s -> {
            m.put("mergeable", s.clean());
            m.put("mergeable_state", s.mergeableState());
            m.put("conflicting_files", s.conflicts());
            m.put("blockers", s.blockers());
            m.put("approvals", s.approvals());
            m.put("required_approvals", s.requiredApprovals());
        });
        return m;
    }

    static Map<String, @Nullable Object> side(String branch, String sha, Repo repo, Links links) {
        var m = Views.obj();
        m.put("label", repo.ownerLogin() + ":" + branch);
        m.put("ref", branch);
        m.put("sha", sha);
        m.put("user", Views.login(repo.ownerLogin()));
        m.put("repo", Map.of("id", repo.id(), "name", repo.name(), "full_name", repo.fullName()));
        return m;
    }

    static Map<String, @Nullable Object> review(Review r, Repo repo, long number, Links links) {
        var m = Views.obj();
        m.put("id", r.id());
        m.put("user", Views.login(r.author()));
        m.put("body", r.body());
        m.put("state", r.state().name());
        m.put("commit_id", r.commitSha());
        m.put("submitted_at", Views.time(r.created()));
        m.put("html_url", links.web("/" + repo.fullName() + "/pull/" + number + "#review-" + r.id()));
        m.put("pull_request_url", links.repoApi(repo.fullName()) + "/pulls/" + number);
        return m;
    }

    static Map<String, @Nullable Object> comment(PullComment c, Repo repo, long number, Links links) {
        var m = Views.obj();
        m.put("id", c.id());
        m.put("user", Views.login(c.author()));
        m.put("body", c.body());
        m.put("created_at", Views.time(c.created()));
        m.put("updated_at", Views.time(c.updated()));
        m.put("html_url", links.web("/" + repo.fullName() + "/pull/" + number + "#comment-" + c.id()));
        if (c.path().isPresent()) {
            m.put("path", c.path().get());
            m.put("line", c.line().orElse(null));
            m.put("side", "RIGHT");
            m.put("commit_id", c.commitSha().orElse(null));
            m.put("pull_request_review_id", c.reviewId().orElse(null));
            m.put("pull_request_url", links.repoApi(repo.fullName()) + "/pulls/" + number);
        } else {
            m.put("issue_url", links.repoApi(repo.fullName()) + "/issues/" + number);
        }
        return m;
    }

    static Map<String, @Nullable Object> file(Merges.FilePatch f) {
        var m = Views.obj();
        m.put("filename", f.change().path());
        m.put(
                "status",
                switch (f.change().type()) {
                    case ADDED -> "added";
                    case MODIFIED -> "modified";
                    case REMOVED -> "removed";
                    case RENAMED -> "renamed";
                });
        m.put("additions", f.additions());
        m.put("deletions", f.deletions());
        m.put("changes", f.additions() + f.deletions());
        f.change().oldPath().ifPresent(p -> m.put("previous_filename", p));
        m.put("patch", f.binary() ? null : f.patch());
        return m;
    }

    static Map<String, @Nullable Object> commit(Commit c, String repoApi) {
        return Views.commit(c, repoApi);
    }

    /** A check as GitHub's check run: status queued/in_progress/completed and a conclusion once completed. */
    static Map<String, @Nullable Object> checkRun(Check c, String sha) {
        var m = Views.obj();
        m.put("name", c.name());
        m.put("head_sha", sha);
        m.put(
                "status",
                switch (c.state()) {
                    case PENDING -> "in_progress";
                    case MISSING -> "queued";
                    default -> "completed";
                });
        m.put(
                "conclusion",
                switch (c.state()) {
                    case SUCCESS -> "success";
                    case SKIPPED -> "skipped";
                    case FAILURE -> "failure";
                    default -> null;
                });
        m.put("details_url", c.targetUrl().orElse(null));
        m.put("required", c.required());
        m.put(
                "output",
                Map.of(
                        "title",
                        c.state().name().toLowerCase(Locale.ROOT),
                        "summary",
                        c.description().orElse("")));
        return m;
    }

    static Map<String, @Nullable Object> checkRuns(List<Check> checks, String sha) {
        var m = Views.obj();
        m.put("total_count", checks.size());
        m.put("check_runs", checks.stream().map(c -> checkRun(c, sha)).toList());
        return m;
    }
}
