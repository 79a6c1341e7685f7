package dev.slipway.server.store;

import java.time.Instant;
import java.util.List;

/**
 * A deployment environment of a repository and its protection rules.
 *
 * @param name as first given; matched case-insensitively
 * @param waitTimer minutes a job waits before it starts (after approval, when reviewers are required)
 * @param preventSelfReview the run's actor may not approve its own deployment
 * @param reviewers the users of whom one must approve, by id; none: no review
 * @param branchPolicy which branches and tags may deploy
 */
public record Environment(
        long id,
        long repoId,
        String name,
        int waitTimer,
        boolean preventSelfReview,
        List<Long> reviewers,
        BranchPolicy branchPolicy,
        Instant created,
        Instant updated) {
    public Environment {
        reviewers = List.copyOf(reviewers);
    }

    /** Which refs may deploy to an environment (GitHub's {@code deployment_branch_policy}). */
    public enum BranchPolicy {
        /** Any branch or tag (no policy). */
        ALL,
        /** Branches that have a branch protection rule ({@code protected_branches: true}). */
        PROTECTED,
        /** Branches and tags matching the environment's name patterns ({@code custom_branch_policies: true}). */
        CUSTOM
    }

    /**
     * The rules an environment is given (GitHub's PUT of an environment replaces them all).
     *
     * @param reviewers user ids
     */
    public record Rules(int waitTimer, boolean preventSelfReview, List<Long> reviewers, BranchPolicy branchPolicy) {
        public Rules {
            reviewers = List.copyOf(reviewers);
        }

        /** No rules: what an environment a job names into existence gets. */
        public static Rules none() {
            return new Rules(0, false, List.of(), BranchPolicy.ALL);
        }
    }

    /** The environment's rules. */
    public Rules rules() {
        return new Rules(waitTimer, preventSelfReview, reviewers, branchPolicy);
    }

    /**
     * A name pattern of a {@link BranchPolicy#CUSTOM} policy.
     *
     * @param type {@code branch} or {@code tag}
     */
    public record RefPattern(long id, String name, String type) {}
}
