package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class PullsContract extends StoreContract {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);

    @Test
    void protectionRulesArePutReplacedListedAndDeleted() {
        var repo = repo();
        var rules = new ProtectionRules(true, 2, true, List.of("build", "CI / test"), true, false, false, true, false);
        var put = db.protections().put(repo.id(), "main", rules);
        assertThat(put.rules()).isEqualTo(rules);
        var none = new ProtectionRules(false, 0, false, List.of(), false, true, true, false, true);
        db.protections().put(repo.id(), "main", none);
        db.protections().put(repo.id(), "release/*", rules);
        assertThat(db.protections().list(repo.id()))
                .extracting(Protection::pattern, Protection::rules)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("main", none),
                        org.assertj.core.groups.Tuple.tuple("release/*", rules));
        assertThat(db.protections().delete(repo.id(), "main")).isTrue();
        assertThat(db.protections().delete(repo.id(), "main")).isFalse();
        assertThat(db.protections().find(repo.id(), "release/*")).isPresent();
        assertThatThrownBy(() -> new ProtectionRules(true, 7, false, List.of(), false, false, false, false, false))
                .hasMessageContaining("between 0 and 6");
    }

    @Test
    void bypassesAreRecordedNewestFirst() {
        var repo = repo();
        db.protections().recordBypass(repo.id(), "refs/heads/main", "main", "root", "no pull request", A, B);
        clock.advance(java.time.Duration.ofSeconds(1));
        db.protections().recordBypass(repo.id(), "refs/heads/main", "main", "root", "force push", B, C);
        assertThat(db.protections().bypasses(repo.id(), Page.first(10)))
                .extracting(Bypass::rules)
                .containsExactly("force push", "no pull request");
    }

    @Test
    void pullRequestsAreNumberedPerRepositoryAndMerged() {
        var owner = user("owner");
        var one = repo(owner, "one");
        var two = repo(owner, "two");
        var first = db.pulls().create(one.id(), "First", "", "owner", "feature", "main", A, B);
        var second = db.pulls().create(one.id(), "Second", "body", "owner", "other", "main", A, B);
        var elsewhere = db.pulls().create(two.id(), "Elsewhere", "", "owner", "feature", "main", A, B);
        assertThat(List.of(first.number(), second.number(), elsewhere.number())).containsExactly(1L, 2L, 1L);
        assertThat(db.pulls().openTouching(one.id(), "main"))
                .extracting(PullRequest::number)
                .containsExactly(1L, 2L);
        assertThat(db.pulls().openTouching(one.id(), "feature"))
                .extracting(PullRequest::number)
                .containsExactly(1L);

        db.pulls().setAutoMerge(first.id(), Optional.of("squash"), "erin");
        assertThat(db.pulls().openWithAutoMerge()).extracting(PullRequest::id).containsExactly(first.id());
        assertThat(db.pulls().markMerged(first.id(), "erin", C, "squash", A, B)).isTrue();
        assertThat(db.pulls().markMerged(first.id(), "erin", C, "squash", A, B))
                .as("only once")
                .isFalse();
        var merged = db.pulls().find(one.id(), 1).orElseThrow();
        assertThat(merged.open()).isFalse();
        assertThat(merged.merged()).isTrue();
        assertThat(merged.mergeSha()).contains(C);
        assertThat(merged.autoMergeMethod()).isEmpty();
        assertThat(db.pulls().list(one.id(), Optional.of(true), Page.first(10)))
                .extracting(PullRequest::number)
                .containsExactly(2L);
        assertThat(db.pulls().list(one.id(), Optional.empty(), Page.first(10))).hasSize(2);
    }

    @Test
    void staleApprovalsAreDismissedAndCommentsKeptApart() {
        var repo = repo();
        var pr = db.pulls().create(repo.id(), "PR", "", "owner", "feature", "main", A, B);
        db.reviews().create(pr.id(), "erin", ReviewState.APPROVED, "", A);
        db.reviews().create(pr.id(), "fred", ReviewState.CHANGES_REQUESTED, "no", A);
        db.reviews().create(pr.id(), "gina", ReviewState.APPROVED, "", C);
        assertThat(db.reviews().dismissStaleApprovals(pr.id(), C)).isEqualTo(1);
        assertThat(db.reviews().list(pr.id()))
                .extracting(Review::state)
                .containsExactly(ReviewState.DISMISSED, ReviewState.CHANGES_REQUESTED, ReviewState.APPROVED);
        db.reviews()
                .comment(
                        pr.id(),
                        "erin",
                        "hello",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
        db.reviews()
                .comment(
                        pr.id(),
                        "erin",
                        "here",
                        Optional.of("a.txt"),
                        Optional.of(3),
                        Optional.of(A),
                        Optional.empty());
        assertThat(db.reviews().comments(pr.id(), false))
                .extracting(PullComment::body)
                .containsExactly("hello");
        var line = db.reviews().comments(pr.id(), true).getFirst();
        assertThat(line.path()).contains("a.txt");
        assertThat(line.line()).contains(3);
        assertThat(line.reviewId()).isEmpty();
    }
}
