package dev.slipway.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.git.ArchiveFormat;
import org.junit.jupiter.api.Test;

/** The names and addresses of source archives, as GitHub gives them. */
class SourceArchivesTest {
    @Test
    void theApiNamesAnArchiveAfterOwnerRepositoryAndShortCommit() {
        assertThat(SourceArchives.apiName("alice", "shop", "0123456789abcdef0123456789abcdef01234567"))
                .isEqualTo("alice-shop-0123456");
    }

    @Test
    void theWebNamesItAfterTheRepositoryAndTheRefWithoutAVersionTagsV() {
        assertThat(SourceArchives.webName("shop", "refs/tags/v1.2.0")).isEqualTo("shop-1.2.0");
        assertThat(SourceArchives.webName("shop", "v2")).isEqualTo("shop-2");
        assertThat(SourceArchives.webName("shop", "refs/tags/very")).isEqualTo("shop-very");
        assertThat(SourceArchives.webName("shop", "refs/heads/feature/login")).isEqualTo("shop-feature-login");
        assertThat(SourceArchives.webName("shop", "we\"ird;name")).isEqualTo("shop-we-ird-name");
    }

    @Test
    void anAddressSplitsIntoRefAndFormat() {
        assertThat(SourceArchives.parse("refs/tags/v1.0.tar.gz"))
                .contains(new SourceArchives.Wanted("refs/tags/v1.0", ArchiveFormat.TAR_GZ));
        assertThat(SourceArchives.parse("main.zip")).contains(new SourceArchives.Wanted("main", ArchiveFormat.ZIP));
        assertThat(SourceArchives.parse("main.tar")).isEmpty();
        assertThat(SourceArchives.parse(".zip")).isEmpty();
        assertThat(SourceArchives.webPath("alice/shop", "refs/tags/v 1", ArchiveFormat.ZIP))
                .isEqualTo("/alice/shop/archive/refs/tags/v%201.zip");
    }
}
