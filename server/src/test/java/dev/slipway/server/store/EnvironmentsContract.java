package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class EnvironmentsContract extends StoreContract {

    @Test
    void environmentsAreFoundInAnyCaseAndPutReplacesTheirRules() {
        var repo = repo();
        var reviewer = user("rita");
        var created = db.environments().findOrCreate(repo.id(), "Production");
        assertThat(created.rules()).isEqualTo(Environment.Rules.none());
        assertThat(db.environments().findOrCreate(repo.id(), "production").id()).isEqualTo(created.id());
        var changed = db.environments()
                .put(
                        repo.id(),
                        "PRODUCTION",
                        new Environment.Rules(5, true, List.of(reviewer.id()), Environment.BranchPolicy.CUSTOM));
        assertThat(changed.name()).isEqualTo("Production");
        assertThat(changed.reviewers()).containsExactly(reviewer.id());
        assertThat(changed.waitTimer()).isEqualTo(5);
        db.environments().put(repo.id(), "production", Environment.Rules.none());
        assertThat(db.environments().find(repo.id(), "production").orElseThrow().reviewers())
                .isEmpty();
        assertThat(db.environments().list(repo.id())).hasSize(1);
    }

    @Test
    void patternsAreUniquePerNameAndTypeAndGoWithTheirEnvironment() {
        var repo = repo();
        var env = db.environments().findOrCreate(repo.id(), "staging");
        var main = db.environments().addPattern(env.id(), "main", "branch").orElseThrow();
        assertThat(db.environments().addPattern(env.id(), "main", "branch")).isEmpty();
        assertThat(db.environments().addPattern(env.id(), "main", "tag")).isPresent();
        assertThat(db.environments().renamePattern(env.id(), main.id(), "release/*"))
                .isTrue();
        assertThat(db.environments().patterns(env.id()))
                .extracting(Environment.RefPattern::name)
                .containsExactly("release/*", "main");
        db.environmentSecrets().put(env.id(), "TOKEN", "ciphertext");
        assertThat(db.environments().delete(repo.id(), "STAGING")).isTrue();
        assertThat(db.environmentSecrets().list(env.id())).isEmpty();
        assertThat(db.environments().patterns(env.id())).isEmpty();
    }

    @Test
    void aGateIsKeptPerJobAndAReviewMovesOnlyTheWaitingGatesOfItsEnvironment() {
        var repo = repo();
        var reviewer = user("rita");
        var run = run(repo);
        var job = job(run, "deploy", List.of("linux"));
        var other = job(run, "deploy-eu", List.of("linux"));
        var env = db.environments().findOrCreate(repo.id(), "production");
        var gate = db.gates().open(job.id(), run.id(), env.id(), DeploymentGate.State.WAITING);
        assertThat(gate.timerStarted()).isEmpty();
        assertThat(db.gates()
                        .open(job.id(), run.id(), env.id(), DeploymentGate.State.APPROVED)
                        .state())
                .isEqualTo(DeploymentGate.State.WAITING);
        db.gates().open(other.id(), run.id(), env.id(), DeploymentGate.State.WAITING);
        assertThat(db.gates().anyWaiting(run.id())).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(db.gates().review(run.id(), env.id(), DeploymentGate.State.APPROVED, "ok", reviewer.id()))
                .isEqualTo(2);
        assertThat(db.gates().find(job.id()).orElseThrow().timerStarted()).isPresent();
        assertThat(db.gates().review(run.id(), env.id(), DeploymentGate.State.REJECTED, "no", reviewer.id()))
                .isZero();
        assertThat(db.gates().reviews(run.id()))
                .extracting(DeploymentReview::comment)
                .containsExactly("ok");
        db.gates().pass(job.id());
        db.gates().close(other.id());
        assertThat(db.gates().anyWaiting(run.id())).isFalse();
    }

    @Test
    void aRunWithAJobAtAGateIsWaitingNotInProgressUntilTheJobPasses() {
        var repo = repo();
        var run = run(repo);
        assertThat(db.runs().start(run.id())).isTrue();
        var job = job(run, "deploy", List.of());
        var env = db.environments().findOrCreate(repo.id(), "production");
        db.gates().open(job.id(), run.id(), env.id(), DeploymentGate.State.WAITING);
        var waiting = RunFilter.repo(repo.id()).statusOrConclusion("waiting");
        var inProgress = RunFilter.repo(repo.id()).statusOrConclusion("in_progress");
        assertThat(db.runs().list(waiting, Page.first(10))).extracting(Run::id).containsExactly(run.id());
        assertThat(db.runs().count(inProgress)).isZero();
        db.gates().pass(job.id());
        assertThat(db.runs().count(waiting)).isZero();
        assertThat(db.runs().list(inProgress, Page.first(10)))
                .extracting(Run::id)
                .containsExactly(run.id());
    }

    @Test
    void deploymentsListNewestFirstAndANewerSuccessMakesOlderOnesInactive() {
        var repo = repo();
        var run = run(repo);
        var first = db.deployments()
                .create(new Deployment.Draft(
                        repo.id(),
                        "staging",
                        "main",
                        "a1",
                        run.id(),
                        job(run, "a", List.of()).id(),
                        "ada"));
        db.deployments().addStatus(first.id(), "success", "Deployed", "http://one", "", "slipway");
        var second = db.deployments()
                .create(new Deployment.Draft(
                        repo.id(),
                        "Staging",
                        "main",
                        "b2",
                        run.id(),
                        job(run, "b", List.of()).id(),
                        "ada"));
        db.deployments().addStatus(second.id(), "success", "Deployed", "http://two", "", "slipway");
        db.deployments().inactivateOthers(repo.id(), "staging", second.id(), "slipway");
        assertThat(db.deployments().latestStatus(first.id()).orElseThrow().state())
                .isEqualTo("inactive");
        assertThat(db.deployments().latestStatus(first.id()).orElseThrow().environmentUrl())
                .isEqualTo("http://one");
        assertThat(db.deployments().latestStatus(second.id()).orElseThrow().state())
                .isEqualTo("success");
        var all = new Deployment.Filter(repo.id(), Optional.of("STAGING"), Optional.empty(), Optional.empty());
        assertThat(db.deployments().list(all, Page.first(10)))
                .extracting(Deployment::id)
                .containsExactly(second.id(), first.id());
        var bySha = new Deployment.Filter(repo.id(), Optional.empty(), Optional.of("main"), Optional.of("a1"));
        assertThat(db.deployments().list(bySha, Page.first(10)))
                .extracting(Deployment::id)
                .containsExactly(first.id());
        assertThat(db.deployments().forJob(second.jobId().orElseThrow())).contains(second);
    }
}
