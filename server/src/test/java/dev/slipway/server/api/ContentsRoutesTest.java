package dev.slipway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a symlink of the repository leads: a path inside it, or nowhere the contents API follows. */
class ContentsRoutesTest {
    @Test
    void aRelativeTargetIsResolvedFromTheLinksDirectory() {
        assertThat(ContentsRoutes.resolve("link", "README.md")).contains("README.md");
        assertThat(ContentsRoutes.resolve("docs/up", "../README.md")).contains("README.md");
        assertThat(ContentsRoutes.resolve("a/b/c", "./d/../e")).contains("a/b/e");
    }

    @Test
    void aTargetOutsideTheRepositoryLeadsNowhere() {
        assertThat(ContentsRoutes.resolve("away", "../outside")).isEmpty();
        assertThat(ContentsRoutes.resolve("docs/abs", "/etc/passwd")).isEmpty();
        assertThat(ContentsRoutes.resolve("docs/self", "..")).isEmpty();
        assertThat(ContentsRoutes.resolve("empty", "")).isEmpty();
    }
}
