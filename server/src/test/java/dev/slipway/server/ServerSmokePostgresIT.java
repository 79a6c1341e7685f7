package dev.slipway.server;

import java.util.Optional;

/** The smoke test on PostgreSQL ({@code SLIPWAY_TEST_POSTGRES} or {@code scripts/postgres.sh}), in a fresh schema. */
class ServerSmokePostgresIT extends ServerSmokeContract {
    @Override
    Optional<String> database() {
        return Optional.of(Postgres.freshSchema());
    }
}
