package dev.slipway.server.runs;

import dev.slipway.actions.Builtins;
import dev.slipway.actions.LocalArtifactStore;
import dev.slipway.actions.LocalCacheStore;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.git.Principal;
import dev.slipway.git.PushEvent;
import dev.slipway.git.RefChange;
import dev.slipway.git.RefUpdate;
import dev.slipway.git.Repositories;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.RuntimeOptions;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunFilter;
import dev.slipway.server.store.RunStatus;
import dev.slipway.server.store.User;
import dev.slipway.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A server's run machinery over a temporary data directory: H2 store, hosted repository {@code alice/app} (a bare
 * clone of a {@link TestRepo}), the host executor and the built-in actions.
 */
final class Fixture implements AutoCloseable {
    final Path dir;
    final Database db;
    final Repositories repos;
    final User alice;
    final Repo repo;
    final TestRepo source;
    final RunService service;

    Fixture(Path dir) {
        this.dir = dir;
        this.db = Database.open(dir.resolve("data").toString());
        this.repos = Repositories.at(dir.resolve("data/repos"));
        this.alice = db.users().create("alice", "alice@example.com", "Alice", "correct horse battery", false);
        this.repo = db.repos().create(alice.id(), "app", "", false, "main");
        this.source = TestRepo.init(dir.resolve("src"));
        this.service = service(db, repos, dir);
    }

    private static RunService service(Database db, Repositories repos, Path dir) {
        var builtins = Builtins.standard(
                LocalArtifactStore.of(dir.resolve("data/artifacts")), LocalCacheStore.of(dir.resolve("data/cache")));
        var runtime = RuntimeOptions.defaults().withBuiltins(builtins::find);
        return new RunService(
                db,
                repos,
                dir.resolve("data/logs"),
                Platforms.hostDefaults(HostExecutor.create()),
                runtime,
                "http://localhost:8080",
                2);
    }

    /** A second service over the same store and repositories, as a restarted server creates it. */
    RunService newService() {
        return service(db, repos, dir);
    }

    /** Commits {@code files} (path, content, path, content, ...) to the source repository; returns the commit. */
    String commit(String... files) {
        for (int i = 0; i < files.length; i += 2) {
            source.file(files[i], files[i + 1]);
        }
        return source.commit("change");
    }

    /** Publishes the source repository as {@code alice/app} (once; later commits are not copied). */
    void publish() {
        var bare = repos.root().resolve("alice/app.git");
        if (!Files.exists(bare)) {
            source.cloneBare(bare);
        }
    }

    /** Publishes the source repository and tells the service that {@code ref} was created at {@code sha}. */
    void pushNew(String ref, String sha) {
        publish();
        var update = new RefUpdate(new RefChange(ref, RefChange.ZERO, sha, RefChange.Type.CREATE), List.of(), 1);
        service.onPush(new PushEvent("alice", "app", Principal.of("alice"), List.of(update)));
    }

    List<Run> runs() {
        return db.runs().list(RunFilter.repo(repo.id()), Page.first(100));
    }

    Run onlyRun() {
        var runs = runs();
        if (runs.size() != 1) {
            throw new AssertionError("expected one run, got " + runs);
        }
        return runs.getFirst();
    }

    List<Job> jobs(long runId) {
        return db.jobs().listForRun(runId);
    }

    Run awaitCompleted(long runId) {
        return await(() -> db.runs().find(runId).orElseThrow(), r -> r.status() == RunStatus.COMPLETED);
    }

    String log(Job job) throws IOException {
        return Files.readString(service.logFile(job.id()).orElseThrow());
    }

    /**
     * Polls until {@code done} holds. The limit only keeps a broken build from hanging; no assertion is about time.
     */
    static <T> T await(Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            var v = value.get();
            if (done.test(v)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not done: " + v);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        service.stop(Duration.ofSeconds(10));
        source.close();
        db.close();
    }
}
