package dev.slipway.server.environments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.store.Environment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeployRefsTest {
    private static Environment env(Environment.BranchPolicy policy) {
        return new Environment(1, 1, "production", 0, false, List.of(), policy, Instant.EPOCH, Instant.EPOCH);
    }

    private static final List<Environment.RefPattern> PATTERNS = List.of(
            new Environment.RefPattern(1, "main", "branch"),
            new Environment.RefPattern(2, "release/*", "branch"),
            new Environment.RefPattern(3, "v*", "tag"));

    private static Optional<String> refusal(Environment.BranchPolicy policy, String ref, Optional<String> head) {
        return DeployRefs.refusal(
                env(policy), PATTERNS, DeployRefs.Source.of(ref, head), Set.of("main", "stable")::contains);
    }

    @Test
    void withoutAPolicyEveryRefDeploys() {
        assertThat(refusal(Environment.BranchPolicy.ALL, "refs/heads/anything", Optional.empty()))
                .isEmpty();
        assertThat(refusal(Environment.BranchPolicy.ALL, "refs/tags/x", Optional.empty()))
                .isEmpty();
    }

    @Test
    void customPatternsMatchBranchesAndTagsByTypeAndStarStopsAtSlash() {
        assertThat(refusal(Environment.BranchPolicy.CUSTOM, "refs/heads/main", Optional.empty()))
                .isEmpty();
        assertThat(refusal(Environment.BranchPolicy.CUSTOM, "refs/heads/release/2.0", Optional.empty()))
                .isEmpty();
        assertThat(refusal(Environment.BranchPolicy.CUSTOM, "refs/heads/release/2.0/hotfix", Optional.empty()))
                .contains("Branch \"release/2.0/hotfix\" is not allowed to deploy to production due to environment"
                        + " protection rules.");
        assertThat(refusal(Environment.BranchPolicy.CUSTOM, "refs/tags/v1.0", Optional.empty()))
                .isEmpty();
        // a branch pattern does not let a tag of the same name deploy, nor the reverse
        assertThat(refusal(Environment.BranchPolicy.CUSTOM, "refs/tags/main", Optional.empty()))
                .contains("Tag \"main\" is not allowed to deploy to production due to environment protection rules.");
        assertThat(refusal(Environment.BranchPolicy.CUSTOM, "refs/heads/v1", Optional.empty()))
                .isPresent();
    }

    @Test
    void aPullRequestIsCheckedByItsHeadBranch() {
        assertThat(refusal(Environment.BranchPolicy.CUSTOM, "refs/pull/4/merge", Optional.of("feature")))
                .contains("Branch \"feature\" is not allowed to deploy to production due to environment protection"
                        + " rules.");
        assertThat(refusal(Environment.BranchPolicy.CUSTOM, "refs/pull/5/merge", Optional.of("release/3")))
                .isEmpty();
    }

    @Test
    void protectedBranchesOnlyLetBranchesWithAProtectionRuleDeploy() {
        assertThat(refusal(Environment.BranchPolicy.PROTECTED, "refs/heads/stable", Optional.empty()))
                .isEmpty();
        assertThat(refusal(Environment.BranchPolicy.PROTECTED, "refs/heads/dev", Optional.empty()))
                .isPresent();
        assertThat(refusal(Environment.BranchPolicy.PROTECTED, "refs/tags/main", Optional.empty()))
                .isPresent();
    }
}
