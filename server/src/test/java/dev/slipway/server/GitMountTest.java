package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitMountTest {
    @Test
    void gitUrlsWithSuffixAreGit() {
        assertThat(GitMount.isGit("/alice/app.git/info/refs")).isTrue();
        assertThat(GitMount.isGit("/alice/app.git/git-upload-pack")).isTrue();
        assertThat(GitMount.isGit("/alice/app.git")).isTrue();
    }

    @Test
    void smartEndpointsWithoutSuffixAreGit() {
        assertThat(GitMount.isGit("/alice/app/info/refs")).isTrue();
        assertThat(GitMount.isGit("/alice/app/git-receive-pack")).isTrue();
    }

    @Test
    void apiRegistryAndPagesAreNotGit() {
        assertThat(GitMount.isGit("/api/v3.git/info/refs")).isFalse();
        assertThat(GitMount.isGit("/v2/team/app.git/blobs/x")).isFalse();
        assertThat(GitMount.isGit("/alice/app")).isFalse();
        assertThat(GitMount.isGit("/alice/app/tree/main")).isFalse();
        assertThat(GitMount.isGit("/healthz")).isFalse();
    }
}
