package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull request operations on a bare repository: checks, test merges, merge, squash, rebase, conflicts. */
class MergesTest {
    private static final Merges.Identity WHO = new Merges.Identity("Merger", "merger@example.com");

    @TempDir
    Path tmp;

    private HostedRepo repo;
    private String base;
    private String feature;
    private String conflicting;

    @BeforeEach
    void setUp() {
        var repos = Repositories.at(tmp.resolve("root"));
        try (TestRepo work = TestRepo.init(tmp.resolve("work"))) {
            work.file("a.txt", "one\ntwo\n").commit("first");
            work.branch("feature").branch("conflicting");
            base = work.file("b.txt", "b\n").commit("on main");
            work.checkout("feature");
            work.file("c.txt", "c\n").commit("feature 1");
            feature = work.file("a.txt", "one\ntwo\nthree\n").commit("feature 2");
            work.checkout("conflicting");
            conflicting = work.file("b.txt", "not b\n").commit("conflicts with main");
            work.checkout("main");
            work.cloneBare(repos.dir(RepoName.of("alice", "demo")));
        }
        repo = repos.open("alice", "demo").orElseThrow();
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    @Test
    void listsCommitsAndTheDiffFromTheMergeBase() {
        var merges = repo.merges();
        assertThat(merges.commits(base, feature)).extracting(Commit::subject).containsExactly("feature 1", "feature 2");
        assertThat(merges.diff(base, feature))
                .extracting(f -> f.change().path())
                .containsExactly("a.txt", "c.txt")
                .doesNotContain("b.txt");
        var a = merges.diff(base, feature).getFirst();
        assertThat(a.additions()).isEqualTo(1);
        assertThat(a.patch()).startsWith("@@").contains("+three");
    }

    @Test
    void checksMergeabilityAndNamesConflictingFiles() {
        var clean = repo.merges().check(base, feature);
        assertThat(clean.clean()).isTrue();
        assertThat(clean.upToDate()).isFalse();
        var dirty = repo.merges().check(base, conflicting);
        assertThat(dirty.clean()).isFalse();
        assertThat(dirty.conflicts()).containsExactly("b.txt");
    }

    @Test
    void maintainsPullRefsAndDropsTheTestMergeOnConflict() {
        var merge = repo.merges().updatePullRefs(7, base, feature, WHO);
        assertThat(merge).isPresent();
        assertThat(repo.resolve("refs/pull/7/head")).contains(feature);
        assertThat(repo.commit(merge.get()).orElseThrow().commit().parents()).containsExactly(base, feature);
        assertThat(repo.merges().updatePullRefs(7, base, conflicting, WHO)).isEmpty();
        assertThat(repo.resolve("refs/pull/7/merge")).isEmpty();
        assertThat(repo.resolve("refs/pull/7/head")).contains(conflicting);
    }

    @Test
    void mergeCommitHasBothParentsAndReportsThePush() {
        var merged = repo.merges().merge("main", base, feature, Merges.Method.MERGE, "Merge feature", WHO);
        assertThat(repo.resolve("main")).contains(merged.sha());
        assertThat(repo.commit(merged.sha()).orElseThrow().commit().parents()).containsExactly(base, feature);
        assertThat(merged.update().before()).isEqualTo(base);
        assertThat(merged.update().type()).isEqualTo(RefChange.Type.UPDATE);
        assertThat(merged.update().commits()).extracting(PushedCommit::message).contains("Merge feature\n");
    }

    @Test
    void squashMakesOneCommitOnTheBase() {
        var merged = repo.merges().merge("main", base, feature, Merges.Method.SQUASH, "Feature (#1)", WHO);
        var commit = repo.commit(merged.sha()).orElseThrow();
        assertThat(commit.commit().parents()).containsExactly(base);
        assertThat(commit.commit().subject()).isEqualTo("Feature (#1)");
        assertThat(repo.fileAt(merged.sha(), "a.txt")).contains("one\ntwo\nthree\n");
        assertThat(repo.fileAt(merged.sha(), "b.txt")).contains("b\n");
    }

    @Test
    void rebaseReplaysEachCommitKeepingItsAuthorAndMessage() {
        var merged = repo.merges().merge("main", base, feature, Merges.Method.REBASE, "ignored", WHO);
        var log = repo.log("main", 0, 3).commits();
        assertThat(log).extracting(Commit::subject).containsExactly("feature 2", "feature 1", "on main");
        assertThat(log.getFirst().sha()).isEqualTo(merged.sha());
        assertThat(log.getFirst().author().name()).isEqualTo(TestRepo.AUTHOR);
        assertThat(log.getFirst().committer().name()).isEqualTo("Merger");
        assertThat(repo.merges().hasMergeCommits(Optional.of(base), merged.sha()))
                .isFalse();
    }

    @Test
    void refusesConflictsAndABaseThatMoved() {
        assertThatThrownBy(() -> repo.merges().merge("main", base, conflicting, Merges.Method.MERGE, "m", WHO))
                .isInstanceOf(GitException.class)
                .hasMessageContaining("merge conflict in b.txt");
        var stale = repo.commit("main~1").orElseThrow().commit().sha();
        assertThatThrownBy(() -> repo.merges().merge("main", stale, feature, Merges.Method.MERGE, "m", WHO))
                .isInstanceOf(GitException.class)
                .hasMessageContaining("moved while merging");
        assertThat(repo.resolve("main")).contains(base);
    }

    @Test
    void deletesABranchOnlyAtTheExpectedTip() {
        assertThat(repo.merges().deleteBranch("feature", base, WHO)).isFalse();
        assertThat(repo.merges().deleteBranch("feature", feature, WHO)).isTrue();
        assertThat(repo.resolve("refs/heads/feature")).isEmpty();
    }
}
