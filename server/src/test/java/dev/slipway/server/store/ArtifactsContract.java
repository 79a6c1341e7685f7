package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class ArtifactsContract extends StoreContract {

    @Test
    void recordsFindsAndListsArtifactsOfARun() {
        var run = run(repo());
        var dist =
                db.artifacts().create(run.id(), "dist", 1234, "sha256:ab", "artifacts/1/dist.zip", Duration.ofDays(90));
        var logs = db.artifacts().create(run.id(), "logs", 10, "sha256:cd", "artifacts/1/logs.zip", Duration.ofDays(1));
        assertThat(dist.expires()).isEqualTo(dist.created().plus(Duration.ofDays(90)));
        assertThat(db.artifacts().find(dist.id())).contains(dist);
        assertThat(db.artifacts().find(run.id(), "logs")).contains(logs);
        assertThat(db.artifacts().list(run.id())).containsExactly(dist, logs);
        assertThatThrownBy(() -> db.artifacts().create(run.id(), "dist", 1, "sha256:ef", "x", Duration.ofDays(1)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("'dist'");
    }

    @Test
    void findsExpiredArtifactsForCleanup() {
        var run = run(repo());
        var shortLived = db.artifacts().create(run.id(), "a", 1, "sha256:1", "a.zip", Duration.ofDays(1));
        db.artifacts().create(run.id(), "b", 1, "sha256:2", "b.zip", Duration.ofDays(5));
        assertThat(db.artifacts().expired(10)).isEmpty();
        clock.advance(Duration.ofDays(2));
        assertThat(db.artifacts().expired(10)).containsExactly(shortLived);
        assertThat(db.artifacts().delete(shortLived.id())).isTrue();
        assertThat(db.artifacts().expired(10)).isEmpty();
    }

    @Test
    void listsARepositorysArtifactsNewestFirstByName() {
        var repo = repo();
        var first = run(repo);
        var second = run(repo);
        var other = run(repo(user("someone"), "other"));
        var a = db.artifacts().create(first.id(), "dist", 1, "sha256:1", "a.zip", Duration.ofDays(1));
        clock.advance(Duration.ofMinutes(1));
        var b = db.artifacts().create(second.id(), "dist", 1, "sha256:2", "b.zip", Duration.ofDays(1));
        var c = db.artifacts().create(second.id(), "logs", 1, "sha256:3", "c.zip", Duration.ofDays(1));
        db.artifacts().create(other.id(), "dist", 1, "sha256:4", "d.zip", Duration.ofDays(1));
        assertThat(db.artifacts().listForRepo(repo.id(), Optional.empty(), Page.first(10)))
                .containsExactly(c, b, a);
        assertThat(db.artifacts().listForRepo(repo.id(), Optional.of("dist"), Page.first(10)))
                .containsExactly(b, a);
        assertThat(db.artifacts().listForRepo(repo.id(), Optional.empty(), Page.of(2, 2)))
                .containsExactly(a);
        assertThat(db.artifacts().countForRepo(repo.id(), Optional.empty())).isEqualTo(3);
        assertThat(db.artifacts().countForRepo(repo.id(), Optional.of("logs"))).isEqualTo(1);
    }
}
