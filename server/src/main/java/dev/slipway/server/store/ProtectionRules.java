package dev.slipway.server.store;

import java.util.List;

/**
 * What a branch protection rule demands, GitHub's settings by another name.
 *
 * @param requirePullRequest changes arrive through pull requests only (no direct push)
 * @param requiredApprovals approvals a pull request needs from others than its author (0 to 6)
 * @param dismissStaleReviews a new commit dismisses the approvals given before it
 * @param requiredChecks status check names (a job, a workflow, or a status context) that must pass on the head
 * @param requireUpToDate the head must contain the base branch's tip before merging
 * @param allowForcePushes non-fast-forward pushes are allowed
 * @param allowDeletions the branch may be deleted
 * @param requireLinearHistory no merge commits: direct pushes may not bring any, pull requests merge by squash or rebase
 * @param enforceAdmins administrators are held to the rule too; otherwise they may bypass it (audited)
 */
public record ProtectionRules(
        boolean requirePullRequest,
        int requiredApprovals,
        boolean dismissStaleReviews,
        List<String> requiredChecks,
        boolean requireUpToDate,
        boolean allowForcePushes,
        boolean allowDeletions,
        boolean requireLinearHistory,
        boolean enforceAdmins) {
    /** The most approvals a rule may require, as on GitHub. */
    public static final int MAX_APPROVALS = 6;

    /** Copies the list and checks the counts. */
    public ProtectionRules {
        requiredChecks = List.copyOf(requiredChecks);
        if (requiredApprovals < 0 || requiredApprovals > MAX_APPROVALS) {
            throw new IllegalArgumentException("required approving review count must be between 0 and " + MAX_APPROVALS
                    + ": " + requiredApprovals);
        }
    }
}
