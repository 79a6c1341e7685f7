package dev.slipway.server.auth;

import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.store.User;
import java.time.Instant;
import java.util.Optional;

/** What an {@code Authorization} header amounts to: nobody, a user, a running job, or credentials that are wrong. */
public sealed interface Caller {
    /**
     * Who a job's token acts as: GitHub's {@code github-actions[bot]}, so that scripts that look for their own earlier
     * comments or statuses by that login work unchanged. Not a stored account: its login is not one a user can take
     * (no brackets in logins), and it has no password, so nobody can sign in as it (see ADR 0015).
     */
    User JOB_ACTOR = new User(
            0,
            "github-actions[bot]",
            "41898282+github-actions[bot]@users.noreply.github.com",
            "github-actions[bot]",
            false,
            Instant.EPOCH);

    /** Whether {@code login} is {@link #JOB_ACTOR}'s: what a job's token did. */
    static boolean isJobActor(String login) {
        return JOB_ACTOR.login().equals(login);
    }

    /** No credentials were sent. */
    record Anonymous() implements Caller {}

    /**
     * Credentials identified this user.
     *
     * @param scopes what the token used may do ({@link TokenScopes#ALL} for a password or a token without scopes)
     */
    record Authenticated(User user, TokenScopes scopes) implements Caller {
        public Authenticated(User user) {
            this(user, TokenScopes.ALL);
        }
    }

    /**
     * A running job's token ({@code GITHUB_TOKEN}): it acts as {@link #JOB_ACTOR} with write access at most, in the
     * job's own repository only, within the job's {@code permissions:}.
     */
    record Job(AgentHub.LeasedJob job) implements Caller {}

    /** Credentials were sent but are wrong, expired or revoked (a job's token: its job has ended). */
    record Rejected() implements Caller {}

    /** The user, when authenticated; {@link #JOB_ACTOR} for a job's token. */
    default Optional<User> who() {
        return switch (this) {
            case Authenticated a -> Optional.of(a.user());
            case Job j -> Optional.of(JOB_ACTOR);
            case Anonymous a -> Optional.empty();
            case Rejected r -> Optional.empty();
        };
    }
}
