package dev.slipway.server.environments;

import dev.slipway.plan.Globs;
import dev.slipway.server.store.Environment;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a run's ref may deploy to an environment (GitHub's "deployment branches and tags"): any ref without a policy;
 * with {@code protected_branches}, branches that a branch protection rule covers; with {@code custom_branch_policies},
 * branches and tags matching one of the environment's name patterns of their type ({@code *} stops at {@code /},
 * {@code **} does not, as GitHub's patterns).
 */
final class DeployRefs {
    private DeployRefs() {}

    /**
     * The branch or tag a run deploys from.
     *
     * @param type {@code branch} or {@code tag}
     */
    record Source(String type, String name) {
        /**
         * From the run's ref and head branch: a tag for {@code refs/tags/...}, else the head branch (a pull request's
         * head branch, as GitHub checks it), else the ref without {@code refs/heads/}.
         */
        static Source of(String ref, Optional<String> headBranch) {
            if (ref.startsWith("refs/tags/")) {
                return new Source("tag", ref.substring("refs/tags/".length()));
            }
            return new Source(
                    "branch",
                    headBranch.orElse(ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref));
        }
    }

    /** Why {@code source} may not deploy to {@code env}, in GitHub's words; empty when it may. */
    static Optional<String> refusal(
            Environment env, List<Environment.RefPattern> patterns, Source source, Predicate<String> isProtected) {
        boolean allowed = switch (env.branchPolicy()) {
            case ALL -> true;
            case PROTECTED -> source.type().equals("branch") && isProtected.test(source.name());
            case CUSTOM ->
                patterns.stream()
                        .filter(p -> p.type().equals(source.type()))
                        .anyMatch(p -> matches(p.name(), source.name()));
        };
        if (allowed) {
            return Optional.empty();
        }
        String kind = source.type().equals("tag") ? "Tag" : "Branch";
        return Optional.of(kind + " \"" + source.name() + "\" is not allowed to deploy to " + env.name()
                + " due to environment protection rules.");
    }

    private static boolean matches(String pattern, String name) {
        return pattern.equals(name) || (Globs.problem(pattern).isEmpty() && Globs.matches(pattern, name));
    }
}
