package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.workflow.TokenPermissions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void defaultsListenLocallyWithAnEmbeddedDatabase() {
        var c = ServerConfig.fromEnv(Map.of());
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.databaseLocation()).isEqualTo("slipway-data");
        assertThat(c.admin()).isEmpty();
    }

    @Test
    void environmentOverridesDefaults() {
        var c = ServerConfig.fromEnv(Map.of(
                "SLIPWAY_PORT", "9090",
                "SLIPWAY_DATA", "/srv/slipway",
                "SLIPWAY_DATABASE", "postgresql://u:p@db/slipway",
                "SLIPWAY_ADMIN_USER", "root",
                "SLIPWAY_ADMIN_PASSWORD", "s3cret-pass"));
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/slipway"));
        assertThat(c.databaseLocation()).isEqualTo("postgresql://u:p@db/slipway");
        assertThat(c.admin()).hasValueSatisfying(a -> assertThat(a.login()).isEqualTo("root"));
        assertThat(c.toString()).doesNotContain("s3cret-pass");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLIPWAY_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SLIPWAY_PORT")
                .hasMessageContaining("eighty");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLIPWAY_ADMIN_USER", "root")))
                .hasMessageContaining("SLIPWAY_ADMIN_PASSWORD");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("SLIPWAY_TOKEN_PERMISSIONS", "read-only")))
                .hasMessage("SLIPWAY_TOKEN_PERMISSIONS must be permissive or restricted, not 'read-only'");
    }

    @Test
    void theTokensDefaultIsPermissiveUnlessRestricted() {
        assertThat(ServerConfig.fromEnv(Map.of()).tokenPermissions()).isEqualTo(TokenPermissions.DEFAULT);
        var restricted = ServerConfig.fromEnv(Map.of("SLIPWAY_TOKEN_PERMISSIONS", "Restricted"))
                .tokenPermissions();
        assertThat(restricted.get("contents")).isEqualTo(TokenPermissions.Access.READ);
        assertThat(restricted.get("packages")).isEqualTo(TokenPermissions.Access.READ);
        assertThat(restricted.get("pull-requests")).isEqualTo(TokenPermissions.Access.NONE);
    }
}
