package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags made by the server (a release of a tag that does not exist yet), not pushed. */
class CreateTagTest {
    @TempDir
    Path tmp;

    @Test
    void aTagIsCreatedAtTheCommitABranchOrShaNamesAndNeverMoved() {
        Repositories repos = Repositories.at(tmp.resolve("root"));
        String first;
        String second;
        try (TestRepo work = TestRepo.init(tmp.resolve("work"))) {
            first = work.file("a.txt", "a\n").commit("first");
            second = work.file("a.txt", "b\n").commit("second");
            work.cloneBare(repos.dir(RepoName.of("alice", "demo")));
        }
        try (HostedRepo repo = repos.open("alice", "demo").orElseThrow()) {
            assertThat(repo.createTag("v1.0.0", "main")).isEqualTo(second);
            assertThat(repo.createTag("release/0.9", first.substring(0, 10))).isEqualTo(first);

            assertThat(repo.tags())
                    .containsExactly(
                            new Tag("release/0.9", first, first, Optional.empty(), Optional.empty()),
                            new Tag("v1.0.0", second, second, Optional.empty(), Optional.empty()));
            assertThatThrownBy(() -> repo.createTag("v1.0.0", first))
                    .isInstanceOf(GitException.class)
                    .hasMessageContaining("v1.0.0")
                    .extracting(e -> ((GitException) e).kind())
                    .isEqualTo(GitException.Kind.ALREADY_EXISTS);
            assertThat(repo.resolve("refs/tags/v1.0.0")).contains(second);
            // its push event, as git would have sent one: a new ref, no commit of its own, the tagged one as head
            var update = repo.createdRef("refs/tags/v1.0.0");
            assertThat(update.change())
                    .isEqualTo(new RefChange("refs/tags/v1.0.0", RefChange.ZERO, second, RefChange.Type.CREATE));
            assertThat(update.commits()).isEmpty();
            assertThat(update.head()).hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(second));
            assertThatThrownBy(() -> repo.createdRef("refs/tags/none"))
                    .isInstanceOf(GitException.class)
                    .extracting(e -> ((GitException) e).kind())
                    .isEqualTo(GitException.Kind.NOT_FOUND);
            assertThatThrownBy(() -> repo.createTag("v2", "no-such-branch"))
                    .isInstanceOf(GitException.class)
                    .extracting(e -> ((GitException) e).kind())
                    .isEqualTo(GitException.Kind.NOT_FOUND);
            assertThatThrownBy(() -> repo.createTag("bad..name", "main"))
                    .isInstanceOf(GitException.class)
                    .extracting(e -> ((GitException) e).kind())
                    .isEqualTo(GitException.Kind.INVALID_NAME);
            assertThat(Tag.validName("v1.2.3")).isTrue();
            assertThat(Tag.validName("a b")).isFalse();
            assertThat(Tag.validName("refs/tags/x")).isFalse();
        }
    }
}
