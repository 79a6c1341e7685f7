package dev.slipway.server.pulls;

import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Review;

/** Where pull request activity goes to trigger workflows ({@code pull_request}, {@code pull_request_review}). */
public interface PullEventSink {
    /** Drops events. */
    PullEventSink NONE = new PullEventSink() {
        @Override
        public void pullRequest(PullRequest pr, String action, String actor) {}

        @Override
        public void review(PullRequest pr, Review review, String actor) {}
    };

    /** {@code action}: opened, edited, synchronize, reopened or closed (merged or not, as {@code pr} says). */
    void pullRequest(PullRequest pr, String action, String actor);

    /** A review was submitted. */
    void review(PullRequest pr, Review review, String actor);
}
