package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.server.store.DatabaseTarget.Dialect;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTargetTest {

    @Test
    void turnsAPostgresUrlIntoJdbcWithDecodedCredentials() {
        var target = DatabaseTarget.parse("postgresql://ci%40slipway:p%3Ass@db.local:6543/slip?sslmode=require");
        assertThat(target.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/slip?sslmode=require");
        assertThat(target.user()).contains("ci@slipway");
        assertThat(target.password()).contains("p:ss");
        assertThat(DatabaseTarget.parse("postgres://u@h/d").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
        assertThat(DatabaseTarget.parse("postgres://u@h/d").password()).isEmpty();
    }

    @Test
    void aDataDirectoryIsNewUntilItsEmbeddedDatabaseExistsAndAUrlNeverLooksNew(@TempDir Path dir) {
        assertThat(DatabaseTarget.isNewDataDirectory(dir.resolve("data").toString()))
                .isTrue();
        assertThat(DatabaseTarget.isNewDataDirectory("postgresql://u:p@h/db")).isFalse();
        assertThat(DatabaseTarget.isNewDataDirectory("jdbc:h2:mem:x")).isFalse();

        Database.open(dir.resolve("data").toString()).close();

        assertThat(DatabaseTarget.isNewDataDirectory(dir.resolve("data").toString()))
                .isFalse();
    }

    @Test
    void readsTheSchemaFromCurrentSchema() {
        assertThat(DatabaseTarget.parse("postgresql://u:p@h/d?currentSchema=ci_1")
                        .schema())
                .contains("ci_1");
        assertThat(DatabaseTarget.parse("postgresql://u:p@h/d").schema()).isEmpty();
    }

    @Test
    void putsAnEmbeddedH2DatabaseInTheDataDirectory() {
        var target = DatabaseTarget.parse("slipway-data");
        var expected = Path.of("slipway-data").toAbsolutePath().resolve("db").resolve("slipway");
        assertThat(target.dialect()).isEqualTo(Dialect.H2);
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:h2:async:" + expected + DatabaseTarget.H2_SETTINGS);
        assertThat(target.user()).isEqualTo(Optional.empty());
    }

    @Test
    void addsPostgresModeToH2UrlsThatLackAMode() {
        assertThat(DatabaseTarget.parse("jdbc:h2:mem:x").jdbcUrl())
                .isEqualTo("jdbc:h2:mem:x" + DatabaseTarget.H2_SETTINGS);
        assertThat(DatabaseTarget.parse("jdbc:h2:mem:x;MODE=PostgreSQL").jdbcUrl())
                .isEqualTo("jdbc:h2:mem:x;MODE=PostgreSQL");
    }

    @Test
    void rejectsWhatItCannotUseWithoutRevealingPasswords() {
        assertThatThrownBy(() -> DatabaseTarget.parse("mysql://root:hunter2@h/d"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("unsupported database URL 'mysql://root:***@h/d'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseTarget.parse("jdbc:sqlite:x.db")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> DatabaseTarget.parse("postgresql://u:hunter2@host"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("needs a host and a database name")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseTarget.parse("postgresql://u:p@ho st/d"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("malformed database URL");
        assertThatThrownBy(() -> DatabaseTarget.parse("  ")).isInstanceOf(StoreException.class);
    }
}
