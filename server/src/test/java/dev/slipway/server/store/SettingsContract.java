package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

abstract class SettingsContract extends StoreContract {

    @Test
    void putCreatesThenReplacesUnderTheUpperCasedName() {
        var repo = repo();
        assertThat(db.variables().put(repo.id(), "target", "staging")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(db.variables().put(repo.id(), "TARGET", "prod")).isFalse();
        var found = db.variables().find(repo.id(), "Target").orElseThrow();
        assertThat(found.name()).isEqualTo("TARGET");
        assertThat(found.content()).isEqualTo("prod");
        assertThat(found.updated()).isAfter(found.created());
        assertThat(db.variables().contents(repo.id())).containsExactly(java.util.Map.entry("TARGET", "prod"));
    }

    @Test
    void secretsAndVariablesAreSeparateAndPerRepository() {
        var repo = repo();
        var other = repo(user("someone"), "other");
        db.secrets().put(repo.id(), "TOKEN", "ciphertext");
        assertThat(db.variables().find(repo.id(), "TOKEN")).isEmpty();
        assertThat(db.secrets().find(other.id(), "TOKEN")).isEmpty();
        assertThat(db.secrets().list(repo.id())).extracting(Setting::name).containsExactly("TOKEN");
    }

    @Test
    void createRefusesAnExistingNameAndUpdateCanRename() {
        var repo = repo();
        assertThat(db.variables().create(repo.id(), "A", "1")).isTrue();
        assertThat(db.variables().create(repo.id(), "a", "2")).isFalse();
        assertThat(db.variables().update(repo.id(), "a", "B", "3")).isTrue();
        assertThat(db.variables().find(repo.id(), "A")).isEmpty();
        assertThat(db.variables().find(repo.id(), "B").orElseThrow().content()).isEqualTo("3");
        assertThat(db.variables().update(repo.id(), "missing", "C", "4")).isFalse();
    }

    @Test
    void deleteSaysWhetherThereWasOne() {
        var repo = repo();
        db.secrets().put(repo.id(), "X", "ciphertext");
        assertThat(db.secrets().delete(repo.id(), "x")).isTrue();
        assertThat(db.secrets().delete(repo.id(), "x")).isFalse();
    }

    @Test
    void namesFollowGithubRules() {
        assertThat(Settings.checkName("my_Secret_2")).isEqualTo("MY_SECRET_2");
        assertThat(Settings.checkName("_x")).isEqualTo("_X");
        assertThatThrownBy(() -> Settings.checkName("2x")).hasMessageContaining("'name'");
        assertThatThrownBy(() -> Settings.checkName("a-b")).hasMessageContaining("letters, digits and underscores");
        assertThatThrownBy(() -> Settings.checkName("github_token")).hasMessageContaining("GITHUB_");
        assertThatThrownBy(() -> Settings.checkName("")).hasMessageContaining("'name'");
        assertThatThrownBy(() -> Settings.checkName("x".repeat(101))).hasMessageContaining("100");
        assertThatThrownBy(() -> db.secrets().put(repo().id(), "bad name", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
