package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /users/{username}}: the address every user object's {@code url} gives. */
class UsersApiIT extends AliceServer {
    @Test
    void aUsersProfileIsAtItsUrlWithTheEmailOnlyForThemAndAdministrators() {
        var bob = server.userWithToken("bob");
        var own = server.http.get("/api/v3/user", Http.token(alice)).json();
        var url = own.get("url").asText();
        assertThat(url).endsWith("/api/v3/users/alice");

        var seenByBob = server.http.get("/api/v3/users/alice", Http.token(bob));
        assertThat(seenByBob.status()).as(seenByBob.body()).isEqualTo(200);
        assertThat(seenByBob.json().get("login").asText()).isEqualTo("alice");
        assertThat(seenByBob.json().get("id").asLong()).isEqualTo(own.get("id").asLong());
        assertThat(seenByBob.json().get("type").asText()).isEqualTo("User");
        assertThat(seenByBob.json().get("email").isNull()).isTrue();

        assertThat(server.http
                        .get("/api/v3/users/alice", Http.token(alice))
                        .json()
                        .get("email")
                        .asText())
                .isEqualTo("alice@example.com");
        assertThat(server.http
                        .get("/api/v3/users/alice", server.admin())
                        .json()
                        .get("email")
                        .asText())
                .isEqualTo("alice@example.com");
        assertThat(server.http.get("/api/v3/users/nobody", Http.token(bob)).status())
                .isEqualTo(404);
        assertThat(server.http.get("/api/v3/users/alice", Optional.empty()).status())
                .isEqualTo(401);
    }
}
