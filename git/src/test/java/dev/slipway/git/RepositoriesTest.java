package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoriesTest {
    @TempDir
    Path root;

    @Test
    void createMakesAnEmptyBareRepositoryWithItsDefaultBranchAndDescription() {
        Repositories repos = Repositories.at(root);
        RepoInfo info = repos.create("alice", "site", "trunk", "My site");

        assertThat(info).isEqualTo(new RepoInfo(RepoName.of("alice", "site"), "My site", "trunk"));
        assertThat(Files.isDirectory(root.resolve("alice/site.git/objects"))).isTrue();
        assertThat(repos.exists("alice", "site")).isTrue();
        try (HostedRepo repo = repos.open("alice", "site").orElseThrow()) {
            assertThat(repo.isEmpty()).isTrue();
            assertThat(repo.defaultBranch()).isEqualTo("trunk");
            assertThat(repo.description()).isEqualTo("My site");
            assertThat(repo.branches()).isEmpty();
            assertThat(repo.log("trunk", 0, 10)).isEqualTo(new LogPage(java.util.List.of(), false));
        }
    }

    @Test
    void createRefusesAnExistingRepository() {
        Repositories repos = Repositories.at(root);
        repos.create("alice", "site", "main", "");

        assertThatThrownBy(() -> repos.create("alice", "site", "main", ""))
                .isInstanceOfSatisfying(
                        GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.ALREADY_EXISTS))
                .hasMessageContaining("alice/site already exists");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a..b", "x.git", "X.GIT", "a/b", "sp ace", "ümlaut", "x\n"})
    void createRefusesInvalidNames(String bad) {
        Repositories repos = Repositories.at(root);

        assertThatThrownBy(() -> repos.create("alice", bad, "main", ""))
                .isInstanceOfSatisfying(
                        GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.INVALID_NAME));
        assertThatThrownBy(() -> repos.create(bad, "site", "main", "")).isInstanceOf(GitException.class);
        assertThat(repos.exists("alice", bad)).isFalse();
        assertThat(repos.open("alice", bad)).isEmpty();
    }

    @Test
    void namesMayUseTheWholeAllowedAlphabetUpToOneHundredCharacters() {
        Repositories repos = Repositories.at(root);
        String longest = "a".repeat(100);

        repos.create("A.b_c-9", longest, "main", "");

        assertThat(repos.exists("A.b_c-9", longest)).isTrue();
        assertThatThrownBy(() -> repos.create("alice", "a".repeat(101), "main", ""))
                .isInstanceOf(GitException.class);
    }

    @Test
    void createRefusesAnInvalidDefaultBranch() {
        Repositories repos = Repositories.at(root);

        assertThatThrownBy(() -> repos.create("alice", "site", "bad..branch", ""))
                .isInstanceOfSatisfying(
                        GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.INVALID_NAME));
        assertThat(repos.exists("alice", "site")).isFalse();
    }

    @Test
    void listIsSortedByOwnerThenNameAndSkipsStrayDirectories() throws Exception {
        Repositories repos = Repositories.at(root);
        repos.create("bob", "z", "main", "");
        repos.create("alice", "b", "main", "");
        repos.create("alice", "a", "main", "");
        Files.createDirectories(root.resolve("alice/not-a-repo.git"));
        Files.createDirectories(root.resolve("alice/plain"));

        assertThat(repos.list()).extracting(r -> r.repo().toString()).containsExactly("alice/a", "alice/b", "bob/z");
        assertThat(repos.list("bob")).extracting(r -> r.repo().name()).containsExactly("z");
        assertThat(repos.list("nobody")).isEmpty();
    }

    @Test
    void deleteRemovesTheRepositoryAndLeavesNothingInTheTrash() throws Exception {
        Repositories repos = Repositories.at(root);
        repos.create("alice", "site", "main", "");

        assertThat(repos.delete("alice", "site")).isTrue();

        assertThat(repos.exists("alice", "site")).isFalse();
        assertThat(Files.exists(root.resolve("alice/site.git"))).isFalse();
        try (var trash = Files.list(root.resolve(".trash~"))) {
            assertThat(trash).isEmpty();
        }
        assertThat(repos.delete("alice", "site")).isFalse();
        assertThat(repos.list()).isEmpty();
        repos.create("alice", "site", "main", "again"); // the name is free again
        assertThat(repos.list()).extracting(RepoInfo::description).containsExactly("again");
    }

    @Test
    void renameMovesTheRepositoryAndRefusesToOverwrite() {
        Repositories repos = Repositories.at(root);
        repos.create("alice", "old", "main", "d");
        repos.create("bob", "taken", "main", "");

        RepoInfo moved = repos.rename("alice", "old", "bob", "new");

        assertThat(moved).isEqualTo(new RepoInfo(RepoName.of("bob", "new"), "d", "main"));
        assertThat(repos.exists("alice", "old")).isFalse();
        assertThat(repos.exists("bob", "new")).isTrue();
        assertThatThrownBy(() -> repos.rename("bob", "new", "bob", "taken"))
                .isInstanceOfSatisfying(
                        GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.ALREADY_EXISTS));
        assertThatThrownBy(() -> repos.rename("alice", "old", "alice", "x"))
                .isInstanceOfSatisfying(
                        GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.NOT_FOUND));
    }

    @Test
    void parseAcceptsOwnerSlashNameWithOrWithoutGitSuffix() {
        assertThat(RepoName.parse("/alice/site.git")).contains(RepoName.of("alice", "site"));
        assertThat(RepoName.parse("alice/site")).contains(RepoName.of("alice", "site"));
        assertThat(RepoName.parse("alice/site/x")).isEmpty();
        assertThat(RepoName.parse("../site")).isEmpty();
        assertThat(RepoName.parse("alice")).isEmpty();
    }
}
