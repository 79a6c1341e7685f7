package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class StatusesContract extends StoreContract {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void listsStatusesOfACommitNewestFirst() {
        var repo = repo();
        var a = post(repo, StatusState.PENDING, "ci/build");
        var b = db.statuses()
                .create(
                        repo.id(),
                        SHA,
                        StatusState.SUCCESS,
                        "ci/build",
                        Optional.of("ok"),
                        Optional.of("https://ci.example/1"),
                        "owner");
        assertThat(db.statuses().list(repo.id(), SHA, Page.first(10))).containsExactly(b, a);
        assertThat(db.statuses().list(repo.id(), "f".repeat(40), Page.first(10)))
                .isEmpty();
    }

    @Test
    void combinesTheNewestStatusOfEachContextTheWayGitHubDoes() {
        var repo = repo();
        assertThat(db.statuses().combined(repo.id(), SHA).state()).isEqualTo(StatusState.PENDING);
        post(repo, StatusState.FAILURE, "ci/build");
        post(repo, StatusState.SUCCESS, "ci/build");
        var lint = post(repo, StatusState.PENDING, "ci/lint");
        assertThat(db.statuses().combined(repo.id(), SHA).state()).isEqualTo(StatusState.PENDING);
        post(repo, StatusState.SUCCESS, "ci/lint");
        var combined = db.statuses().combined(repo.id(), SHA);
        assertThat(combined.state()).isEqualTo(StatusState.SUCCESS);
        assertThat(combined.statuses()).extracting(CommitStatus::context).containsExactly("ci/build", "ci/lint");
        assertThat(combined.statuses()).doesNotContain(lint);
        post(repo, StatusState.ERROR, "deploy");
        assertThat(db.statuses().combined(repo.id(), SHA).state()).isEqualTo(StatusState.FAILURE);
    }

    private CommitStatus post(Repo repo, StatusState state, String context) {
        return db.statuses().create(repo.id(), SHA, state, context, Optional.empty(), Optional.empty(), "owner");
    }
}
