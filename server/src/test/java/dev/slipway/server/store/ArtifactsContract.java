package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
}
