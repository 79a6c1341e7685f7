package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a local run learns from the repository's {@code origin} remote. */
class LocalGitTest {
    @Test
    void theHeadCommitsTreeIsItsTreeAsInGithubsPushPayload(@org.junit.jupiter.api.io.TempDir Path dir) {
        var repo = dev.slipway.testing.TestRepo.init(dir.resolve("r"));
        repo.file("a.txt", "a").commit("one");

        LocalGit git = LocalGit.read(repo.dir());

        String tree = new dev.slipway.testing.GitCli(dir.resolve("home"))
                .run(repo.dir(), "rev-parse", "HEAD^{tree}")
                .ok()
                .out()
                .strip();
        assertThat(git.head().treeId()).isEqualTo(tree).isNotEqualTo(git.sha());
    }

    @Test
    void theServerOfAGitHubCloneIsGitHubWhicheverWayItWasCloned() {
        assertThat(LocalGit.serverOf("https://github.com/jhy/jsoup.git")).contains("https://github.com");
        assertThat(LocalGit.serverOf("git@github.com:jhy/jsoup.git")).contains("https://github.com");
        assertThat(LocalGit.serverOf("ssh://git@github.com/jhy/jsoup")).contains("https://github.com");
        assertThat(LocalGit.serverOf("ssh://git@gitea.example:2222/team/app.git"))
                .contains("https://gitea.example");
    }

    @Test
    void anHttpServerKeepsItsSchemeAndPortAndLosesItsCredentials() {
        assertThat(LocalGit.serverOf("http://admin:s3cret@localhost:8080/admin/techhub.git"))
                .contains("http://localhost:8080");
        assertThat(LocalGit.serverOf("HTTPS://Git.Example.com/a/b")).contains("https://Git.Example.com");
    }

    @Test
    void aPathOrFileUrlOrNothingNamesNoServer() {
        assertThat(LocalGit.serverOf("/srv/git/app.git")).isEmpty();
        assertThat(LocalGit.serverOf("../app.git")).isEmpty();
        assertThat(LocalGit.serverOf("file:///srv/git/app.git")).isEmpty();
        assertThat(LocalGit.serverOf(null)).isEmpty();
        assertThat(LocalGit.serverOf(" ")).isEmpty();
    }

    @Test
    void theOwnerAndNameComeFromTheSameUrl() {
        assertThat(LocalGit.fullName("git@github.com:jhy/jsoup.git", Path.of("/x/y")))
                .isEqualTo("jhy/jsoup");
        assertThat(LocalGit.fullName(null, Path.of("/x/y"))).isEqualTo("local/y");
    }
}
