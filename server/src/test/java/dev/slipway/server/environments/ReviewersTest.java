package dev.slipway.server.environments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.store.Environment;
import dev.slipway.server.store.User;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewersTest {
    private static final User ADA = new User(1, "ada", "ada@x", "Ada", false, Instant.EPOCH);
    private static final User BOB = new User(2, "bob", "bob@x", "Bob", true, Instant.EPOCH);

    private static Environment env(boolean preventSelfReview) {
        return new Environment(
                7,
                1,
                "production",
                0,
                preventSelfReview,
                List.of(1L),
                Environment.BranchPolicy.ALL,
                Instant.EPOCH,
                Instant.EPOCH);
    }

    @Test
    void aRequiredReviewerMayReviewEvenTheirOwnRunUnlessSelfReviewIsPrevented() {
        assertThat(Reviewers.refusal(env(false), ADA, "ada")).isEmpty();
        assertThat(Reviewers.refusal(env(false), ADA, "bob")).isEmpty();
        assertThat(Reviewers.refusal(env(true), ADA, "bob")).isEmpty();
        assertThat(Reviewers.refusal(env(true), ADA, "ada"))
                .contains("environment production prevents self-review: ada started this run and cannot approve or"
                        + " reject its deployment");
    }

    @Test
    void someoneWhoIsNoRequiredReviewerMayNotReviewNotEvenASiteAdministrator() {
        assertThat(Reviewers.refusal(env(false), BOB, "ada"))
                .contains("bob is not a required reviewer of environment production");
    }
}
