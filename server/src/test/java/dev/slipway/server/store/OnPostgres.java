package dev.slipway.server.store;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Runs a contract against a real PostgreSQL, one schema per test (see {@link TestPostgres}). */
interface OnPostgres extends Backend {
    @Override
    default String freshLocation() {
        var url = TestPostgres.url();
        var schema =
                "t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    default String durableLocation() {
        return freshLocation();
    }

    @Override
    default void dispose(Database db, String location) {
        try {
            var schema = location.substring(location.indexOf("currentSchema=") + "currentSchema=".length());
            db.ctx().jdbi().useHandle(h -> h.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
        } finally {
            db.close();
        }
    }
}
