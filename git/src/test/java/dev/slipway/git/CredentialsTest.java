package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void basicSplitsAtTheFirstColon() {
        String header = "Basic " + Base64.getEncoder().encodeToString("alice:pa:ss".getBytes(StandardCharsets.UTF_8));

        assertThat(Credentials.parse(header)).contains(new Credentials("alice", "pa:ss"));
    }

    @Test
    void bearerIsATokenWithoutUser() {
        assertThat(Credentials.parse("Bearer tok123")).contains(new Credentials("", "tok123"));
    }

    @Test
    void malformedHeadersAreCredentialsThatCannotAuthenticate() {
        assertThat(Credentials.parse("Basic %%%")).contains(new Credentials("", ""));
        assertThat(Credentials.parse("Digest x")).contains(new Credentials("", ""));
        assertThat(Credentials.parse(null)).isEmpty();
        assertThat(new Credentials("a", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void repoOfReadsTheFirstTwoPathSegments() {
        assertThat(SlipwayGitServlet.repoOf("/alice/site.git/info/refs")).contains(RepoName.of("alice", "site"));
        assertThat(SlipwayGitServlet.repoOf("/alice/site/git-upload-pack")).contains(RepoName.of("alice", "site"));
        assertThat(SlipwayGitServlet.repoOf("/alice/site.git")).isEmpty();
        assertThat(SlipwayGitServlet.repoOf("/../x.git/info/refs")).isEmpty();
    }
}
