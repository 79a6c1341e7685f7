package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

abstract class SessionsContract extends StoreContract {

    @Test
    void findsASessionByItsCookieIdUntilItExpires() {
        var user = user("sam");
        var made = db.sessions().create(user.id(), Duration.ofHours(1));
        assertThat(made.session().idHash()).isEqualTo(Secrets.sha256(made.id())).isNotEqualTo(made.id());
        assertThat(made.session().csrfToken()).hasSize(43).isNotEqualTo(made.id());
        assertThat(db.sessions().find(made.id())).contains(made.session());
        assertThat(db.sessions().find(made.session().idHash())).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(db.sessions().find(made.id())).isEmpty();
    }

    @Test
    void logsOutOneOrAllAndPurgesExpired() {
        var user = user("sam");
        var a = db.sessions().create(user.id(), Duration.ofHours(1));
        var b = db.sessions().create(user.id(), Duration.ofHours(1));
        var c = db.sessions().create(user.id(), Duration.ofMinutes(1));
        assertThat(db.sessions().delete(a.id())).isTrue();
        assertThat(db.sessions().delete(a.id())).isFalse();
        assertThat(db.sessions().find(b.id())).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(db.sessions().purgeExpired()).isEqualTo(1);
        assertThat(db.sessions().find(c.id())).isEmpty();
        assertThat(db.sessions().deleteAll(user.id())).isEqualTo(1);
        assertThat(db.sessions().find(b.id())).isEmpty();
    }
}
