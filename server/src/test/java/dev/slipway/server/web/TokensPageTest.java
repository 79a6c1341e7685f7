package dev.slipway.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokensPageTest {
    @Test
    void theFormsProblemsAreNamedForPeople() {
        assertThat(TokensPage.problem("", List.of(), "30"))
                .contains("Give the token a name, to tell it apart from your others.");
        assertThat(TokensPage.problem("x".repeat(201), List.of(), "30"))
                .contains("The name is too long: at most 200 characters.");
        assertThat(TokensPage.problem("ci", List.of("repo", "admin:org"), "30")).contains("Unknown scope: admin:org.");
        assertThat(TokensPage.problem("ci", List.of("repo"), "12")).contains("Choose how long the token lasts.");
        assertThat(TokensPage.problem("ci", List.of("repo"), null)).contains("Choose how long the token lasts.");
        assertThat(TokensPage.problem("ci", List.of("repo", "write:packages"), "0"))
                .isEmpty();
    }

    @Test
    void aLifetimeReadsInWholeDaysToTheNearest() {
        var now = java.time.Instant.parse("2026-11-24T22:00:00Z");
        // a token made a moment ago for 7 days: the list said "expires in 6 days"
        assertThat(Times.until(now.plus(java.time.Duration.ofDays(7)).minusSeconds(5), now))
                .isEqualTo("in 7 days");
        assertThat(Times.until(now.plus(java.time.Duration.ofHours(60)), now)).isEqualTo("in 3 days");
    }
}
