package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class ReleasesContract extends StoreContract {

    private static ReleaseFields fields(String tag, boolean draft, boolean prerelease) {
        return new ReleaseFields(
                tag, "main", Optional.of("Release " + tag), Optional.of("Notes of " + tag), draft, prerelease);
    }

    @Test
    void createsFindsAndListsReleasesNewestFirst() {
        var author = user("alice");
        var repo = repo();
        var first = db.releases().create(repo.id(), fields("v1.0.0", false, false), Optional.of(author.id()));
        clock.advance(Duration.ofMinutes(1));
        var second = db.releases().create(repo.id(), fields("v1.1.0", false, false), Optional.of(author.id()));

        assertThat(first.tagName()).isEqualTo("v1.0.0");
        assertThat(first.name()).contains("Release v1.0.0");
        assertThat(first.body()).contains("Notes of v1.0.0");
        assertThat(first.authorLogin()).contains("alice");
        assertThat(first.published()).contains(first.created());
        assertThat(db.releases().find(first.id())).contains(first);
        assertThat(db.releases().findByTag(repo.id(), "v1.1.0")).contains(second);
        assertThat(db.releases().findByTag(repo.id(), "v9")).isEmpty();
        assertThat(db.releases().list(repo.id(), true, Page.first(10))).containsExactly(second, first);
        assertThat(db.releases().list(repo.id(), true, Page.of(2, 1))).containsExactly(first);
        var other = repo(user("bob"), "other");
        assertThat(db.releases().list(other.id(), true, Page.first(10))).isEmpty();
    }

    @Test
    void aTagHasOneReleasePerRepository() {
        var repo = repo();
        db.releases().create(repo.id(), fields("v1", false, false), Optional.empty());
        assertThatThrownBy(() -> db.releases().create(repo.id(), fields("v1", true, false), Optional.empty()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("'v1'");
        var other = repo(user("bob"), "other");
        assertThat(db.releases()
                        .create(other.id(), fields("v1", false, false), Optional.empty())
                        .tagName())
                .isEqualTo("v1");
    }

    @Test
    void draftsAreHiddenUnlessAskedForAndTheLatestIsTheNewestPublishedFullRelease() {
        var repo = repo();
        var stable = db.releases().create(repo.id(), fields("v1", false, false), Optional.empty());
        clock.advance(Duration.ofMinutes(1));
        db.releases().create(repo.id(), fields("v2-rc1", false, true), Optional.empty());
        clock.advance(Duration.ofMinutes(1));
        var draft = db.releases().create(repo.id(), fields("v2", true, false), Optional.empty());

        assertThat(draft.published()).isEmpty();
        assertThat(db.releases().list(repo.id(), false, Page.first(10)))
                .extracting(Release::tagName)
                .containsExactly("v2-rc1", "v1");
        assertThat(db.releases().list(repo.id(), true, Page.first(10)))
                .extracting(Release::tagName)
                .containsExactly("v2", "v2-rc1", "v1");
        assertThat(db.releases().latest(repo.id())).contains(stable);
    }

    @Test
    void updatingPublishesADraftOnceAndRenamesItsTag() {
        var repo = repo();
        var draft = db.releases().create(repo.id(), fields("v2", true, false), Optional.empty());
        clock.advance(Duration.ofMinutes(5));
        var published = db.releases()
                .update(draft.id(), new ReleaseFields("v2.0.0", "abc", Optional.empty(), Optional.empty(), false, true))
                .orElseThrow();
        assertThat(published.tagName()).isEqualTo("v2.0.0");
        assertThat(published.targetCommitish()).isEqualTo("abc");
        assertThat(published.name()).isEmpty();
        assertThat(published.prerelease()).isTrue();
        assertThat(published.published()).contains(draft.created().plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(5));
        var edited = db.releases()
                .update(
                        draft.id(),
                        new ReleaseFields("v2.0.0", "abc", Optional.of("2.0"), Optional.empty(), false, false))
                .orElseThrow();
        assertThat(edited.published()).isEqualTo(published.published());
        assertThat(db.releases().update(draft.id() + 100, fields("x", false, false)))
                .isEmpty();

        db.releases().create(repo.id(), fields("v3", false, false), Optional.empty());
        assertThatThrownBy(() -> db.releases().update(draft.id(), fields("v3", false, false)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("'v3'");
    }

    @Test
    void assetsAreUniqueByNameCountDownloadsAndGoWithTheirRelease() {
        var uploader = user("alice");
        var repo = repo();
        var release = db.releases().create(repo.id(), fields("v1", false, false), Optional.empty());
        var tarball = db.releaseAssets()
                .create(new NewAsset(
                        release.id(),
                        "app.tar.gz",
                        Optional.of("Linux build"),
                        "application/gzip",
                        2048,
                        "sha256:aa",
                        Optional.of(uploader.id()),
                        "releases/1/a",
                        Optional.of("alice")));
        clock.advance(Duration.ofSeconds(1));
        var sums = db.releaseAssets()
                .create(new NewAsset(
                        release.id(),
                        "SHA256SUMS",
                        Optional.empty(),
                        "text/plain",
                        70,
                        "sha256:bb",
                        Optional.empty(),
                        "releases/1/b",
                        Optional.of("github-actions[bot]"))); // a job's token: no user row

        assertThat(tarball.uploaderLogin()).contains("alice");
        assertThat(sums.uploaderId()).isEmpty();
        assertThat(sums.uploaderLogin()).contains("github-actions[bot]");
        assertThat(tarball.downloadCount()).isZero();
        assertThat(db.releaseAssets().find(tarball.id())).contains(tarball);
        assertThat(db.releaseAssets().list(release.id())).containsExactly(tarball, sums);
        assertThatThrownBy(() -> db.releaseAssets()
                        .create(new NewAsset(
                                release.id(),
                                "SHA256SUMS",
                                Optional.empty(),
                                "text/plain",
                                1,
                                "sha256:cc",
                                Optional.empty(),
                                "releases/1/c",
                                Optional.empty())))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("'SHA256SUMS'");

        db.releaseAssets().countDownload(sums.id());
        db.releaseAssets().countDownload(sums.id());
        assertThat(db.releaseAssets().find(sums.id()).orElseThrow().downloadCount())
                .isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        var renamed = db.releaseAssets()
                .update(tarball.id(), "app-linux.tar.gz", Optional.empty())
                .orElseThrow();
        assertThat(renamed.name()).isEqualTo("app-linux.tar.gz");
        assertThat(renamed.label()).isEmpty();
        assertThat(renamed.updated()).isAfter(tarball.updated());
        assertThatThrownBy(() -> db.releaseAssets().update(tarball.id(), "SHA256SUMS", Optional.empty()))
                .isInstanceOf(StoreException.class);

        assertThat(db.releaseAssets().delete(sums.id())).isTrue();
        assertThat(db.releaseAssets().list(release.id())).containsExactly(renamed);
        assertThat(db.releases().delete(release.id())).isTrue();
        assertThat(db.releases().find(release.id())).isEmpty();
        assertThat(db.releaseAssets().find(tarball.id())).isEmpty();
        assertThat(db.releases().delete(release.id())).isFalse();
    }
}
