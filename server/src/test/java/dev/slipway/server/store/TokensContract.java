package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class TokensContract extends StoreContract {

    @Test
    void secretHasThePrefixAndOnlyItsSha256IsStored() {
        var user = user("tina");
        var made = db.tokens().create(user.id(), "laptop", List.of("repo", "workflow"), Optional.empty());
        assertThat(made.secret()).startsWith("slw_").hasSize(4 + 43);
        assertThat(made.token().hint()).isEqualTo(made.secret().substring(0, 8));
        assertThat(made.toString()).doesNotContain(made.secret());
        var stored = db.ctx()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT token_hash FROM access_tokens")
                        .mapTo(String.class)
                        .one());
        assertThat(stored).isEqualTo(Secrets.sha256(made.secret())).hasSize(64).isNotEqualTo(made.secret());
    }

    @Test
    void authenticatesBySecretAndRecordsTheUse() {
        var user = user("tina");
        var made = db.tokens().create(user.id(), "ci", List.of("repo"), Optional.empty());
        clock.advance(Duration.ofMinutes(5));
        var found = db.tokens().authenticate(made.secret()).orElseThrow();
        assertThat(found.userId()).isEqualTo(user.id());
        assertThat(found.scopes()).containsExactly("repo");
        assertThat(found.lastUsed()).contains(clock.instant());
        assertThat(db.tokens().find(found.id()).orElseThrow().lastUsed()).contains(clock.instant());
    }

    @Test
    void rejectsUnknownForeignRevokedAndExpiredTokens() {
        var user = user("tina");
        var revoked = db.tokens().create(user.id(), "old", List.of(), Optional.empty());
        var expiring = db.tokens()
                .create(
                        user.id(),
                        "short",
                        List.of(),
                        Optional.of(clock.instant().plusSeconds(60)));
        assertThat(db.tokens().authenticate("slw_" + "x".repeat(43))).isEmpty();
        assertThat(db.tokens().authenticate("ghp_whatever")).isEmpty();
        assertThat(db.tokens().authenticate(revoked.secret().toUpperCase(java.util.Locale.ROOT)))
                .isEmpty();

        assertThat(db.tokens().revoke(user.id(), revoked.token().id())).isTrue();
        assertThat(db.tokens().revoke(user.id(), revoked.token().id())).isFalse();
        assertThat(db.tokens().authenticate(revoked.secret())).isEmpty();

        assertThat(db.tokens().authenticate(expiring.secret())).isPresent();
        clock.advance(Duration.ofSeconds(60));
        assertThat(db.tokens().authenticate(expiring.secret())).isEmpty();
    }

    @Test
    void onlyTheOwnerRevokesAndListsNewestFirst() {
        var tina = user("tina");
        var mallory = user("mallory");
        var first = db.tokens().create(tina.id(), "one", List.of(), Optional.empty());
        var second = db.tokens().create(tina.id(), "two", List.of(), Optional.empty());
        assertThat(db.tokens().revoke(mallory.id(), first.token().id())).isFalse();
        assertThat(db.tokens().list(tina.id())).extracting(Token::name).containsExactly("two", "one");
        assertThat(db.tokens().list(mallory.id())).isEmpty();
        assertThat(second.token().active(clock.instant())).isTrue();
    }
}
