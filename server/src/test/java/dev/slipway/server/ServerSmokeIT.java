package dev.slipway.server;

import java.util.Optional;

/** The smoke test on the embedded H2 database. */
class ServerSmokeIT extends ServerSmokeContract {
    @Override
    Optional<String> database() {
        return Optional.empty();
    }
}
