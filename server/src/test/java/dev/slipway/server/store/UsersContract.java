package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

abstract class UsersContract extends StoreContract {

    @Test
    void createsAndFindsUsers() {
        var alice = users().create("Alice", "alice@example.com", "Alice A.", "pw", true);
        assertThat(db.users().find(alice.id())).contains(alice);
        assertThat(alice.admin()).isTrue();
        assertThat(db.users().count()).isEqualTo(1);
    }

    @Test
    void loginsAreUniqueAndFoundIgnoringCase() {
        var alice = user("Alice");
        assertThat(db.users().findByLogin("aLICE")).contains(alice);
        assertThat(db.users().findByLogin("alice").orElseThrow().login()).isEqualTo("Alice");
        assertThatThrownBy(() -> user("ALICE"))
                .isInstanceOf(StoreException.class)
                .hasMessage("login 'ALICE' is taken");
    }

    @Test
    void rejectsLoginsThatCannotBeInAUrl() {
        assertThatThrownBy(() -> user("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> user("-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> user("x".repeat(40))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authenticatesWithTheRightPasswordOnly() {
        var bob = user("bob");
        assertThat(users().authenticate("BOB", "secret-bob")).contains(bob);
        assertThat(users().authenticate("bob", "secret-bo")).isEmpty();
        assertThat(users().authenticate("nobody", "secret-bob")).isEmpty();
    }

    @Test
    void storesOnlyAPbkdf2HashWithTheStandardIterationCount() {
        var carol = db.users().create("carol", "c@example.com", "Carol", "correct horse", false);
        var stored = storedHash(carol.id());
        assertThat(stored).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
        assertThat(db.users().authenticate("carol", "correct horse")).contains(carol);
    }

    @Test
    void rehashesAnOutdatedHashAtLogin() {
        var dave = user("dave");
        assertThat(storedHash(dave.id())).startsWith("pbkdf2-sha256$1000$");
        var stronger = new Users(db.ctx(), Passwords.withIterations(2_000));
        assertThat(stronger.authenticate("dave", "secret-dave")).contains(dave);
        assertThat(storedHash(dave.id())).startsWith("pbkdf2-sha256$2000$");
        assertThat(users().authenticate("dave", "secret-dave")).contains(dave);
    }

    @Test
    void changesPasswordAndProfile() {
        var erin = user("erin");
        assertThat(users().changePassword(erin.id(), "new")).isTrue();
        assertThat(users().authenticate("erin", "secret-erin")).isEmpty();
        assertThat(users().authenticate("erin", "new")).isPresent();
        assertThat(users().update(erin.id(), "e@x.org", "Erin E.", true)).isTrue();
        assertThat(db.users().find(erin.id()).orElseThrow())
                .extracting(User::email, User::displayName, User::admin)
                .containsExactly("e@x.org", "Erin E.", true);
        assertThat(users().update(999_999, "e", "E", false)).isFalse();
    }

    @Test
    void listsUsersByPage() {
        for (int i = 0; i < 5; i++) {
            user("u" + i);
        }
        assertThat(db.users().list(Page.of(1, 2))).extracting(User::login).containsExactly("u0", "u1");
        assertThat(db.users().list(Page.of(3, 2))).extracting(User::login).containsExactly("u4");
    }

    private String storedHash(long id) {
        return db.ctx()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
    }
}
