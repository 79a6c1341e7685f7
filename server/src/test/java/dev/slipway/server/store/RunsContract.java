package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

abstract class RunsContract extends StoreContract {

    @Test
    void aRunDoesNotStartWhileAnotherRunOfItsGroupIsInProgress() {
        var repo = repo();
        var other = repo(user("someone"), "other");
        var a = db.runs().create(grouped(repo, "deploy"));
        var b = db.runs().create(grouped(repo, "deploy"));
        var elsewhere = db.runs().create(grouped(other, "deploy"));
        var ungrouped = run(repo);
        var otherGroup = db.runs().create(grouped(repo, "release"));
        assertThat(db.runs().start(a.id())).isTrue();
        assertThat(db.runs().start(otherGroup.id())).isTrue();
        assertThat(db.runs().start(b.id())).isFalse();
        assertThat(db.runs().find(b.id()).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
        assertThat(db.runs().start(elsewhere.id())).isTrue();
        assertThat(db.runs().start(ungrouped.id())).isTrue();
        db.runs().complete(a.id(), Conclusion.SUCCESS);
        assertThat(db.runs().start(b.id())).isTrue();
    }

    @Test
    void theRunsWaitingInAGroupStartInTheOrderTheyCame() {
        var repo = repo();
        var running = db.runs().create(grouped(repo, "deploy"));
        var older = db.runs().create(grouped(repo, "deploy"));
        var newer = db.runs().create(grouped(repo, "deploy"));
        assertThat(db.runs().start(running.id())).isTrue();
        db.runs().complete(running.id(), Conclusion.SUCCESS);
        assertThat(db.runs().start(newer.id())).isFalse();
        assertThat(db.runs().start(older.id())).isTrue();
        db.runs().complete(older.id(), Conclusion.CANCELLED);
        assertThat(db.runs().start(newer.id())).isTrue();
    }

    private static NewRun grouped(Repo repo, String group) {
        return NewRun.of(
                        repo.id(),
                        ".github/workflows/ci.yml",
                        "CI",
                        "push",
                        "refs/heads/main",
                        "a".repeat(40),
                        "owner",
                        "{}")
                .withConcurrencyGroup(group);
    }

    @Test
    void createsQueuedRunsNumberedPerRepository() {
        var owner = user("owner");
        var a = repo(owner, "a");
        var b = repo(owner, "b");
        var first = run(a);
        assertThat(first)
                .extracting(Run::number, Run::status, Run::attempt, Run::headBranch, Run::eventPayload)
                .containsExactly(1L, RunStatus.QUEUED, 1, java.util.Optional.of("main"), "{}");
        assertThat(run(a).number()).isEqualTo(2);
        assertThat(run(b).number()).isEqualTo(1);
        assertThat(db.runs().findByNumber(a.id(), 1)).contains(first);
    }

    @Test
    void runNumbersStayDistinctAndDenseUnderConcurrency() throws Exception {
        var repo = repo();
        int threads = 4;
        int each = 15;
        var numbers = Collections.synchronizedList(new ArrayList<Long>());
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var tasks = new ArrayList<Callable<Void>>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < each; i++) {
                        numbers.add(run(repo).number());
                    }
                    return null;
                });
            }
            for (var f : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(numbers)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, threads * each).boxed().toList());
        assertThat(db.runs().list(RunFilter.repo(repo.id()), Page.first(3)))
                .extracting(Run::number)
                .containsExactly(60L, 59L, 58L);
    }

    @Test
    void filtersByBranchStatusEventActorAndWorkflow() {
        var repo = repo();
        var push = run(repo);
        var pr = db.runs()
                .create(new NewRun(
                        repo.id(),
                        ".github/workflows/pr.yml",
                        "PR",
                        java.util.Optional.of("Add the feature"),
                        "pull_request",
                        "refs/pull/7/merge",
                        java.util.Optional.of("feature"),
                        "b".repeat(40),
                        "octo",
                        "{\"number\":7}",
                        java.util.Optional.empty()));
        var tag = db.runs()
                .create(NewRun.of(
                        repo.id(),
                        ".github/workflows/ci.yml",
                        "CI",
                        "push",
                        "refs/tags/v1",
                        "c".repeat(40),
                        "owner",
                        "{}"));
        db.runs().start(pr.id());
        var all = RunFilter.repo(repo.id());
        assertThat(ids(all)).containsExactly(tag.id(), pr.id(), push.id());
        assertThat(ids(all.branch("main"))).containsExactly(push.id());
        assertThat(ids(all.branch("feature"))).containsExactly(pr.id());
        assertThat(ids(all.branch("v1"))).containsExactly(tag.id());
        assertThat(db.runs().find(pr.id()).orElseThrow().displayTitle()).isEqualTo("Add the feature");
        assertThat(ids(all.status(RunStatus.QUEUED))).containsExactly(tag.id(), push.id());
        assertThat(ids(all.event("pull_request").status(RunStatus.IN_PROGRESS))).containsExactly(pr.id());
        assertThat(ids(all.actor("octo"))).containsExactly(pr.id());
        assertThat(ids(all.workflowPath(".github/workflows/ci.yml"))).containsExactly(tag.id(), push.id());
        assertThat(db.runs().count(all.event("push"))).isEqualTo(2);
        assertThat(db.runs().list(all, Page.of(2, 2))).extracting(Run::id).containsExactly(push.id());
        assertThat(ids(RunFilter.repo(repo.id() + 1000))).isEmpty();
    }

    @Test
    void filtersByConclusionOrStatusNamedAsGitHubDoes() {
        var repo = repo();
        var ok = run(repo);
        var broken = run(repo);
        var waiting = run(repo);
        db.runs().start(ok.id());
        db.runs().complete(ok.id(), Conclusion.SUCCESS);
        db.runs().start(broken.id());
        db.runs().complete(broken.id(), Conclusion.FAILURE);
        var all = RunFilter.repo(repo.id());
        assertThat(ids(all.statusOrConclusion("success"))).containsExactly(ok.id());
        assertThat(ids(all.statusOrConclusion("failure"))).containsExactly(broken.id());
        assertThat(ids(all.statusOrConclusion("completed"))).containsExactly(broken.id(), ok.id());
        assertThat(ids(all.statusOrConclusion("queued"))).containsExactly(waiting.id());
        assertThatThrownBy(() -> all.statusOrConclusion("sideways"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'status'")
                .hasMessageContaining("sideways");
    }

    @Test
    void statusMovesForwardOnlyAndReRunsCountAttempts() {
        var run = run(repo());
        assertThat(db.runs().rerun(run.id())).isFalse();
        assertThat(db.runs().start(run.id())).isTrue();
        assertThat(db.runs().start(run.id())).isFalse();
        assertThat(db.runs().complete(run.id(), Conclusion.TIMED_OUT)).isTrue();
        assertThat(db.runs().complete(run.id(), Conclusion.SUCCESS)).isFalse();
        var done = db.runs().find(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.conclusion()).contains(Conclusion.TIMED_OUT);
        assertThat(done.started()).isPresent();
        assertThat(done.completed()).isPresent();
        assertThat(db.runs().rerun(run.id())).isTrue();
        var again = db.runs().find(run.id()).orElseThrow();
        assertThat(again)
                .extracting(Run::status, Run::attempt, Run::conclusion, Run::completed)
                .containsExactly(RunStatus.QUEUED, 2, java.util.Optional.empty(), java.util.Optional.empty());
    }

    @Test
    void aRunWithoutADisplayTitleIsTitledByItsWorkflow() {
        var repo = repo();
        var base = NewRun.of(repo.id(), "w.yml", "W", "push", "refs/heads/main", "f".repeat(40), "owner", "{}");
        var titled = db.runs()
                .create(
                        base,
                        (id, number) ->
                                new Runs.Naming(java.util.Optional.of("Fix the build"), java.util.Optional.empty()));
        var untitled = db.runs().create(base);
        assertThat(db.runs().find(titled.id()).orElseThrow().displayTitle()).isEqualTo("Fix the build");
        assertThat(db.runs().find(untitled.id()).orElseThrow().displayTitle()).isEqualTo("W");
    }

    @Test
    void findsTheActiveRunsOfAConcurrencyGroup() {
        var repo = repo();
        var base = NewRun.of(repo.id(), "w.yml", "W", "push", "refs/heads/main", "d".repeat(40), "owner", "{}");
        var one = db.runs().create(base.withConcurrencyGroup("deploy"));
        var two = db.runs().create(base.withConcurrencyGroup("deploy"));
        db.runs().create(base.withConcurrencyGroup("other"));
        db.runs().create(base);
        db.runs().complete(one.id(), Conclusion.CANCELLED);
        assertThat(db.runs().activeInGroup(repo.id(), "deploy"))
                .extracting(Run::id)
                .containsExactly(two.id());
    }

    @Test
    void namesTheGroupFromTheNewRunsIdAndNumber() {
        var repo = repo();
        var base = NewRun.of(repo.id(), "w.yml", "W", "push", "refs/heads/main", "e".repeat(40), "owner", "{}");
        var run = db.runs()
                .create(
                        base,
                        (id, number) -> new Runs.Naming(
                                java.util.Optional.of("Deploy #" + number),
                                java.util.Optional.of("run-" + id + "-" + number)));
        assertThat(run.concurrencyGroup()).contains("run-" + run.id() + "-" + run.number());
        assertThat(run.displayTitle()).isEqualTo("Deploy #" + run.number());
        assertThat(db.runs()
                        .create(
                                base,
                                (id, number) -> new Runs.Naming(java.util.Optional.empty(), java.util.Optional.empty()))
                        .concurrencyGroup())
                .isEmpty();
    }

    private List<Long> ids(RunFilter filter) {
        return db.runs().list(filter, Page.first(100)).stream().map(Run::id).toList();
    }
}
