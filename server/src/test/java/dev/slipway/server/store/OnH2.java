package dev.slipway.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;

/** Runs a contract against embedded H2: in memory, or in a temporary data directory. */
interface OnH2 extends Backend {
    @Override
    default String freshLocation() {
        return "jdbc:h2:mem:slipway-" + UUID.randomUUID();
    }

    @Override
    default String durableLocation() {
        try {
            var dir = Files.createTempDirectory("slipway-store-");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    default void dispose(Database db, String location) {
        db.close();
    }
}
