package dev.slipway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The net under the routes' length checks: a value longer than its column is the request's mistake (422). */
class ApiTooLongTest {
    @Test
    void h2sMessageGivesTheColumnAndItsSize() {
        var e = new RuntimeException(
                "insert failed",
                new SQLException(
                        "Value too long for column \"CONTEXT CHARACTER VARYING(255)\": \"'ssss...' (300)\"", "22001"));
        assertThat(Api.tooLong(e)).contains("A value is too long: 'context' (at most 255 characters)");
    }

    @Test
    void postgresqlsMessageGivesTheSize() {
        var e = new IllegalStateException(
                new SQLException("ERROR: value too long for type character varying(2000)", "22001"));
        assertThat(Api.tooLong(e)).contains("A value is too long (at most 2000 characters)");
    }

    @Test
    void otherDatabaseFailuresAreNotTheCallers() {
        assertThat(Api.tooLong(new RuntimeException(new SQLException("connection refused", "08001"))))
                .isEmpty();
        assertThat(Api.tooLong(new RuntimeException("no SQL at all"))).isEmpty();
    }
}
