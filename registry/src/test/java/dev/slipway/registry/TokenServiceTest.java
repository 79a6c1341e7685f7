package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final CredentialChecker ALICE =
            (user, secret) -> user.equals("alice") && secret.equals("pw") ? Optional.of("alice") : Optional.empty();

    private static TokenService at(Instant now) {
        return TokenService.create(ALICE, SECRET, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC), "slipway");
    }

    @Test
    void issuedTokensVerifyWithTheirGrants() {
        TokenService tokens = at(Instant.parse("2026-01-01T00:00:00Z"));
        String jwt = tokens.issue(
                Optional.of("alice"),
                List.of(new Grant("team/app", EnumSet.of(RegistryAction.PULL, RegistryAction.PUSH))));
        TokenService.Verified verified = tokens.verify(jwt).orElseThrow();
        assertThat(verified.principal()).contains("alice");
        assertThat(verified.actions("team/app")).containsExactlyInAnyOrder(RegistryAction.PULL, RegistryAction.PUSH);
        assertThat(verified.actions("team/other")).isEmpty();
    }

    @Test
    void expiredTamperedAndForeignTokensFail() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        String jwt = at(now).issue(Optional.empty(), List.of(new Grant("app", EnumSet.of(RegistryAction.PULL))));
        assertThat(at(now.plus(Duration.ofMinutes(6))).verify(jwt)).isEmpty();
        String[] parts = jwt.split("\\.");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                "{\"access\":[{\"type\":\"repository\",\"name\":\"app\",\"actions\":[\"push\"]}]}"
                                        .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(at(now).verify(forged)).isEmpty();
        TokenService other = TokenService.create(
                ALICE,
                "another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(5),
                Clock.fixed(now, ZoneOffset.UTC),
                "slipway");
        assertThat(other.verify(jwt)).isEmpty();
        assertThat(at(now).verify("not-a-jwt")).isEmpty();
    }

    @Test
    void basicCredentialsAreChecked() {
        TokenService tokens = at(Instant.now());
        String good = "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("alice:nope".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.authenticateBasic(good)).contains("alice");
        assertThat(tokens.authenticateBasic(bad)).isEmpty();
        assertThat(tokens.authenticateBasic("Basic !!!")).isEmpty();
    }
}
