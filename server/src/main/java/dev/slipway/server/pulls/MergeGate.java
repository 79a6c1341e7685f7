package dev.slipway.server.pulls;

import dev.slipway.git.Merges;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Review;
import dev.slipway.server.store.ReviewState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes a pull request's {@link MergeStatus} from git, its reviews, its head's statuses and the base's rule. */
final class MergeGate {
    static final String BEHIND = "the head branch is not up to date";

    private MergeGate() {}

    static MergeStatus of(Database db, Merges merges, PullRequest pr) {
        var check = merges.check(pr.baseSha(), pr.headSha());
        var rule = Rules.forBranch(db.protections().list(pr.repoId()), pr.baseBranch());
        var required = rule.map(r -> r.rules().requiredChecks()).orElse(List.of());
        var checks = RequiredChecks.of(db, pr.repoId(), pr.headSha(), required);
        var verdicts = latestVerdicts(db.reviews().list(pr.id()), pr.author());
        int approvals = (int) verdicts.values().stream()
                .filter(s -> s == ReviewState.APPROVED)
                .count();
        var blockers = new ArrayList<String>();
        if (!check.clean()) {
            blockers.add("merge conflicts in " + String.join(", ", check.conflicts()));
        }
        if (rule.isPresent()) {
            var r = rule.get().rules();
            if (approvals < r.requiredApprovals()) {
                blockers.add(
                        r.requiredApprovals() + " approving review" + (r.requiredApprovals() == 1 ? " is" : "s are")
                                + " required by reviewers with write access (has " + approvals + ")");
            }
            if (r.requiredApprovals() > 0 && verdicts.containsValue(ReviewState.CHANGES_REQUESTED)) {
                blockers.add("a reviewer requested changes");
            }
            var failing = RequiredChecks.problems(checks);
            if (!failing.isEmpty()) {
                blockers.add("required status checks have not passed: " + String.join(", ", failing));
            }
            if (r.requireUpToDate() && !check.upToDate()) {
                blockers.add(BEHIND + " with " + pr.baseBranch() + "; merge or rebase " + pr.baseBranch() + " into it");
            }
        }
        return new MergeStatus(check.clean(), check.conflicts(), check.upToDate(), checks, approvals, rule, blockers);
    }

    /** Each reviewer's latest approval, dismissal or change request (comments do not change a verdict). */
    static Map<String, ReviewState> latestVerdicts(List<Review> reviews, String author) {
        var verdicts = new LinkedHashMap<String, ReviewState>();
        for (Review r : reviews) {
            if (r.author().equals(author) || r.state() == ReviewState.COMMENTED) {
                continue;
            }
            verdicts.put(r.author(), r.state());
        }
        return verdicts;
    }

    /** The method is allowed by the rule: a linear history takes squash or rebase only. */
    static boolean allows(MergeStatus status, Merges.Method method) {
        return method != Merges.Method.MERGE
                || status.rule().map(r -> !r.rules().requireLinearHistory()).orElse(true);
    }
}
