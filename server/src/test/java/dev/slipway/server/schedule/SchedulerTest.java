package dev.slipway.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.git.Repositories;
import dev.slipway.server.schedule.Scheduler.Due;
import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
    private static final String EVERY_FIVE = """
            on:
              schedule:
                - cron: '*/5 * * * *'
            jobs:
              nightly:
                runs-on: ubuntu-latest
                steps:
                  - run: echo tick
            """;
    private static final String EVERY_MINUTE = EVERY_FIVE.replace("*/5 * * * *", "* * * * *");
    private static final String PUSH_ONLY = """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo built
            """;

    @TempDir
    Path tmp;

    private Repositories repos;
    private MovableClock clock;
    private final List<Due> sent = new ArrayList<>();
    private Scheduler scheduler;

    @BeforeEach
    void setUp() {
        repos = Repositories.at(tmp.resolve("git"));
        clock = new MovableClock("2026-03-02T12:04:00Z", ZoneOffset.UTC);
        scheduler = new Scheduler(
                repos, (owner, name, path, sha, cron) -> sent.add(new Due(owner, name, path, sha, cron)), clock);
    }

    @Test
    void everyFiveMinutesFiresAt1205AndNotAt1206() {
        var sha = publish("alice", "app", ".github/workflows/nightly.yml", EVERY_FIVE);

        clock.set("2026-03-02T12:05:00Z");
        var due = new Due("alice", "app", ".github/workflows/nightly.yml", sha, "*/5 * * * *");
        assertThat(scheduler.tick()).containsExactly(due);
        clock.set("2026-03-02T12:06:00Z");
        assertThat(scheduler.tick()).isEmpty();

        assertThat(sent).containsExactly(due);
    }

    @Test
    void aMinuteFiresOnceHoweverOftenItIsTicked() {
        publish("alice", "app", ".github/workflows/nightly.yml", EVERY_FIVE);

        clock.set("2026-03-02T12:05:00.010Z");
        assertThat(scheduler.tick()).hasSize(1);
        clock.set("2026-03-02T12:05:59Z");
        assertThat(scheduler.tick()).isEmpty();
        clock.set("2026-03-02T12:10:00Z");
        assertThat(scheduler.tick()).hasSize(1);

        assertThat(sent).hasSize(2);
    }

    @Test
    void aWorkflowWithoutScheduleNeverFires() {
        publish("alice", "app", ".github/workflows/ci.yml", PUSH_ONLY, ".github/workflows/often.yml", EVERY_MINUTE);

        var start = Instant.parse("2026-03-02T12:00:00Z");
        for (int minute = 0; minute < 60; minute++) {
            clock.set(start.plus(Duration.ofMinutes(minute)).toString());
            scheduler.tick();
        }

        assertThat(sent)
                .hasSize(60)
                .allSatisfy(d -> assertThat(d.workflowPath()).isEqualTo(".github/workflows/often.yml"));
    }

    @Test
    void anInvalidFileOrRepositoryDoesNotStopTheOthers() {
        repos.create("aaron", "empty", "main", ""); // no commits: no default branch head
        publish(
                "alice",
                "app",
                ".github/workflows/broken.yml",
                "on: [schedule\njobs: {",
                ".github/workflows/bad-cron.yml",
                EVERY_FIVE.replace("*/5 * * * *", "61 * * * *"),
                ".github/workflows/nightly.yml",
                EVERY_FIVE);
        publish("bob", "lib", ".github/workflows/nightly.yml", EVERY_FIVE);

        clock.set("2026-03-02T12:05:00Z");
        scheduler.tick();

        assertThat(sent)
                .extracting(d -> d.owner() + "/" + d.name() + ":" + d.workflowPath())
                .containsExactly("alice/app:.github/workflows/nightly.yml", "bob/lib:.github/workflows/nightly.yml");
    }

    @Test
    void aFailingSinkAffectsOnlyItsOwnCron() {
        publish("alice", "app", ".github/workflows/nightly.yml", EVERY_FIVE);
        publish("bob", "lib", ".github/workflows/nightly.yml", EVERY_FIVE);
        var failing = new Scheduler(
                repos,
                (owner, name, path, sha, cron) -> {
                    if (owner.equals("alice")) {
                        throw new IllegalStateException("store is down");
                    }
                    sent.add(new Due(owner, name, path, sha, cron));
                },
                clock);

        clock.set("2026-03-02T12:05:00Z");
        failing.tick();

        assertThat(sent).extracting(Due::owner).containsExactly("bob");
    }

    @Test
    void cronsAreReadInUtcWhateverTheClocksZone() {
        publish("alice", "app", ".github/workflows/noon.yml", EVERY_FIVE.replace("*/5 * * * *", "0 12 * * *"));
        var berlin = new MovableClock("2026-03-02T11:00:00Z", ZoneId.of("Europe/Berlin")); // 12:00 in Berlin
        var inBerlin = new Scheduler(
                repos, (owner, name, path, sha, cron) -> sent.add(new Due(owner, name, path, sha, cron)), berlin);

        inBerlin.tick();
        assertThat(sent).isEmpty();
        berlin.set("2026-03-02T12:00:00Z");
        inBerlin.tick();
        assertThat(sent).extracting(Due::cron).containsExactly("0 12 * * *");
    }

    /** Commits {@code files} (path, content, ...) and publishes them as {@code owner/name}; returns the commit. */
    private String publish(String owner, String name, String... files) {
        try (var source = TestRepo.init(tmp.resolve("src").resolve(owner + "-" + name))) {
            for (int i = 0; i < files.length; i += 2) {
                source.file(files[i], files[i + 1]);
            }
            var sha = source.commit("workflows");
            source.cloneBare(repos.root().resolve(owner).resolve(name + ".git"));
            return sha;
        }
    }
}
