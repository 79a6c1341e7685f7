package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Migrations on an empty database and re-opening a migrated one. */
abstract class DatabaseContract extends StoreContract {

    @Test
    void migratesAnEmptyDatabaseToTheLatestVersion() {
        assertThat(db.schemaVersion()).isEqualTo(Migrations.latest());
        var tables = db.ctx()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT LOWER(table_name) FROM information_schema.tables WHERE LOWER(table_name) IN"
                                        + " ('users', 'access_tokens', 'repositories', 'repository_members', 'sessions',"
                                        + " 'workflow_runs', 'jobs', 'steps', 'commit_statuses', 'artifacts', 'caches',"
                                        + " 'job_queue', 'job_queue_labels') AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)")
                        .mapTo(String.class)
                        .list());
        assertThat(tables).hasSize(13);
    }

    @Test
    void reopeningKeepsDataAndAppliesNothingTwice() {
        var where = durableLocation();
        long userId;
        try (var first = Database.open(where, clock)) {
            userId = new Users(first.ctx(), Passwords.withIterations(1_000))
                    .create("keeper", "k@example.com", "Keeper", "pw", false)
                    .id();
        }
        var second = Database.open(where, clock);
        try {
            assertThat(second.schemaVersion()).isEqualTo(Migrations.latest());
            assertThat(second.users().find(userId)).map(User::login).contains("keeper");
            var applied = second.ctx()
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT COUNT(*) FROM flyway_schema_history WHERE success = TRUE AND version IS NOT NULL")
                            .mapTo(Integer.class)
                            .one());
            assertThat(applied).isEqualTo(Migrations.count());
        } finally {
            dispose(second, where);
        }
    }

    @Test
    void timesSurviveTheRoundTripToTheMillisecond() {
        clock.advance(java.time.Duration.ofNanos(123_456_789));
        var user = user("timely");
        assertThat(db.users().find(user.id()).orElseThrow().created())
                .isEqualTo(user.created())
                .isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}
