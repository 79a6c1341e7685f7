package dev.slipway.git;

import java.util.List;
import java.util.function.Consumer;

/**
 * Checks a push before any ref moves (git's pre-receive hook); branch protection is built on this.
 *
 * <p>Called once per push, on the request thread, after the pushed objects are in the repository (so {@code repo}
 * can read the new commits) and before any ref is updated. Each returned {@link Rejection} refuses its ref: git prints
 * {@code remote: <message>} and {@code ! [remote rejected] <ref> (<message>)}; the other refs are still updated. An
 * exception refuses the whole push with a generic message. Do not close {@code repo}.
 */
@FunctionalInterface
public interface ReceiveRules {
    /** Accepts everything. */
    ReceiveRules ALLOW_ALL = (repo, pusher, changes) -> List.of();

    /** The refs to refuse among {@code changes} (empty to accept the push). */
    List<Rejection> check(HostedRepo repo, Principal pusher, List<RefChange> changes);

    /**
     * As {@link #check(HostedRepo, Principal, List)}, with a way to tell the pusher something about refs that are
     * accepted (git prints each message as {@code remote: <message>}), e.g. that a rule was bypassed.
     */
    default List<Rejection> check(
            HostedRepo repo, Principal pusher, List<RefChange> changes, Consumer<String> notices) {
        return check(repo, pusher, changes);
    }
}
