package dev.slipway.server.environments;

import dev.slipway.server.store.Environment;
import dev.slipway.server.store.User;
import java.util.Optional;

/**
 * Who may approve or reject a run's deployment to an environment: one of its required reviewers, and not the run's
 * actor when the environment has {@code prevent_self_review}.
 */
final class Reviewers {
    private Reviewers() {}

    /** Why {@code user} may not review the deployment of a run {@code actor} started; empty when they may. */
    static Optional<String> refusal(Environment env, User user, String actor) {
        if (!env.reviewers().contains(user.id())) {
            return Optional.of(user.login() + " is not a required reviewer of environment " + env.name());
        }
        if (env.preventSelfReview() && user.login().equals(actor)) {
            return Optional.of("environment " + env.name() + " prevents self-review: " + user.login()
                    + " started this run and cannot approve or reject its deployment");
        }
        return Optional.empty();
    }
}
