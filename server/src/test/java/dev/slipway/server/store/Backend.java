package dev.slipway.server.store;

/** Which database a contract test runs against; test classes pick one with {@link OnH2} or {@link OnPostgres}. */
interface Backend {
    /** A location with an empty database, private to one test. */
    String freshLocation();

    /** A location that keeps its data when the database is closed and opened again. */
    String durableLocation();

    /** Removes what the test left, then closes the database. */
    void dispose(Database db, String location);
}
