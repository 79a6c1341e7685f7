package dev.slipway.server.store;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the contract tests: a fresh, migrated database per test, a hand-moved clock, and fixtures. */
abstract class StoreContract implements Backend {
    final TestClock clock = new TestClock();
    Database db;
    String location;

    @BeforeEach
    void openDatabase() {
        location = freshLocation();
        db = Database.open(location, clock);
    }

    @AfterEach
    void closeDatabase() {
        dispose(db, location);
    }

    /** Users with cheap password hashing: the algorithm is the same, the iteration count is not. */
    Users users() {
        return new Users(db.ctx(), Passwords.withIterations(1_000));
    }

    User user(String login) {
        return users().create(login, login + "@example.com", "User " + login, "secret-" + login, false);
    }

    Repo repo(User owner, String name) {
        return db.repos().create(owner.id(), name, "", false, "main");
    }

    Repo repo() {
        return repo(user("owner"), "project");
    }

    Run run(Repo repo) {
        return db.runs()
                .create(NewRun.of(
                        repo.id(),
                        ".github/workflows/ci.yml",
                        "CI",
                        "push",
                        "refs/heads/main",
                        "a".repeat(40),
                        "owner",
                        "{}"));
    }

    Job job(Run run, String key, List<String> labels) {
        return db.jobs().create(new NewJob(run.id(), key, key, labels, List.of(), Optional.empty()));
    }
}
