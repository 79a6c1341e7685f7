package dev.slipway.plan;

import static dev.slipway.plan.Fixtures.job;
import static dev.slipway.plan.Fixtures.pushTo;
import static dev.slipway.plan.Fixtures.trigger;
import static dev.slipway.plan.Fixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.Value;
import dev.slipway.workflow.Strategy;
import dev.slipway.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final RunInfo RUN = new RunInfo(99, 5, 2, "https://slipway.test/", "/ws", 90);

    private static Strategy strategy(Value matrix) {
        return new Strategy(matrix, Value.TRUE, Value.NULL, new SourceSpan(Fixtures.PATH, 9, 7));
    }

    @Test
    void notTriggeredPlanHasNoJobs() {
        Workflow wf = workflow(List.of(trigger("pull_request")), List.of(job("a")));
        RunPlan plan = Planner.plan(wf, pushTo("refs/heads/main", List.of()), RUN);
        assertThat(plan.triggered()).isFalse();
        assertThat(plan.jobs()).isEmpty();
        assertThat(plan.ok()).isTrue();
    }

    @Test
    void githubContextHasDocumentedFields() {
        Workflow wf = workflow(List.of(trigger("push")), List.of(job("a")));
        Value.Obj g =
                Planner.plan(wf, pushTo("refs/heads/main", List.of("x")), RUN).github();
        assertThat(Json.str(g, "event_name")).contains("push");
        assertThat(Json.str(g, "ref_name")).contains("main");
        assertThat(Json.str(g, "ref_type")).contains("branch");
        assertThat(Json.str(g, "repository_owner")).contains("octo");
        assertThat(Json.str(g, "workflow")).contains("CI");
        assertThat(Json.str(g, "workflow_ref")).contains("octo/app/.github/workflows/ci.yml@refs/heads/main");
        assertThat(Json.at(g, "run_id")).contains(Value.of("99"));
        assertThat(Json.at(g, "run_number")).contains(Value.of("5"));
        assertThat(Json.at(g, "run_attempt")).contains(Value.of("2"));
        assertThat(Json.at(g, "retention_days")).contains(Value.of("90"));
        assertThat(Json.str(g, "server_url")).contains("https://slipway.test");
        assertThat(Json.str(g, "api_url")).contains("https://slipway.test/api/v3");
        assertThat(Json.str(g, "graphql_url")).contains("https://slipway.test/api/graphql");
        assertThat(Json.str(g, "workspace")).contains("/ws");
        assertThat(Json.str(g, "head_ref")).contains("");
        assertThat(Json.str(g, "event", "head_commit", "message")).contains("change");
    }

    @Test
    void repositoryIdComesFromThePayloadsRepository() {
        Workflow wf = workflow(List.of(trigger("push")), List.of(job("a")));
        // a local run's repository has no id: empty, as GITHUB_REPOSITORY_ID is then
        assertThat(Json.str(
                        Planner.plan(wf, pushTo("refs/heads/main", List.of("x")), RUN)
                                .github(),
                        "repository_id"))
                .contains("");
        var repo = Repo.of("octo/app", "main", "https://slipway.test", 42);
        assertThat(Json.str(repo.toValue(), "id")).contains("42");
        var event = Events.schedule(repo, "0 * * * *", "c".repeat(40), "octo");
        assertThat(Json.str(
                        Planner.plan(workflow(List.of(trigger("schedule")), List.of(job("a"))), event, RUN)
                                .github(),
                        "repository_id"))
                .contains("42");
    }

    @Test
    void aPrivateRepositorysPayloadSaysSoAndTheOwnersAndSendersNumbersReachTheGithubContext() {
        var repo = Repo.of("octo/app", "main", "https://slipway.test", 42, 7, true);
        assertThat(Json.str(repo.toValue(), "private")).contains("true");
        assertThat(Json.str(repo.toValue(), "visibility")).contains("private");
        assertThat(Json.str(repo.toValue(), "owner", "id")).contains("7");
        assertThat(Json.str(Repo.of("octo/app", "main", "https://slipway.test").toValue(), "visibility"))
                .contains("public");
        var event = Events.schedule(repo, "0 * * * *", "c".repeat(40), "octo");
        var github = Planner.plan(workflow(List.of(trigger("schedule")), List.of(job("a"))), event, RUN)
                .github();
        assertThat(Json.str(github, "repository_owner_id")).contains("7");
        // a payload without the sender's number (a local run's): empty, as GITHUB_ACTOR_ID is then
        assertThat(Json.str(github, "actor_id")).contains("");
        assertThat(Json.str(github, "ref_protected")).contains("false");
        var guarded = Planner.plan(
                        workflow(List.of(trigger("schedule")), List.of(job("a"))),
                        event,
                        new RunInfo(1, 1, 1, "https://slipway.test", "/ws", 90, true))
                .github();
        assertThat(Json.str(guarded, "ref_protected")).contains("true");
    }

    @Test
    void deferredMatrixResolvesOnceNeedsAreKnown() {
        Value template = Json.obj("os", "${{ fromJSON(needs.setup.outputs.oses) }}", "arch", List.of("x64"));
        Workflow wf = workflow(
                List.of(trigger("push")),
                List.of(job("setup"), job("build", Optional.of(strategy(template)), "setup")));
        RunPlan plan = Planner.plan(wf, pushTo("refs/heads/main", List.of()), RUN);
        MatrixPlan m = plan.jobs().get(1).matrix();
        assertThat(m).isInstanceOf(MatrixPlan.Deferred.class);
        Value.Obj needs = Json.obj("setup", Json.obj("outputs", Json.obj("oses", "[\"a\",\"b\"]")));
        Matrix.Expansion e = ((MatrixPlan.Deferred) m).resolve(EvalContext.of(Map.of("needs", needs)));
        assertThat(e.combinations().stream().map(Json::text))
                .containsExactly("{\"os\":\"a\",\"arch\":\"x64\"}", "{\"os\":\"b\",\"arch\":\"x64\"}");
        Matrix.Expansion bad = ((MatrixPlan.Deferred) m)
                .resolve(EvalContext.of(Map.of(
                        "needs", Json.obj("setup", Json.obj("outputs", Json.obj("oses", "nope"))))));
        assertThat(bad.ok()).isFalse();
    }

    @Test
    void matrixReadsVarsAndReportsErrorsAsDiagnostics() {
        Value matrix = Json.obj("v", "${{ fromJSON(vars.VERSIONS) }}");
        Workflow wf = workflow(List.of(trigger("push")), List.of(job("t", Optional.of(strategy(matrix)))));
        RunPlan ok = Planner.plan(wf, pushTo("refs/heads/main", List.of()), RUN, Json.obj("VERSIONS", "[1,2,3]"));
        assertThat(ok.jobs().getFirst().matrix())
                .isInstanceOfSatisfying(
                        MatrixPlan.Static.class,
                        s -> assertThat(s.combinations()).hasSize(3));
        RunPlan bad = Planner.plan(wf, pushTo("refs/heads/main", List.of()), RUN, Json.obj("VERSIONS", "7"));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.diagnostics().getFirst().render())
                .isEqualTo(
                        ".github/workflows/ci.yml:9:7: error: job 't': matrix vector 'v' must be an array, got number");
    }

    @Test
    void planIsDeterministic() {
        Workflow wf = workflow(List.of(trigger("push")), List.of(job("b"), job("a", "b")));
        Event e = pushTo("refs/heads/main", List.of("x"));
        assertThat(Planner.plan(wf, e, RUN)).isEqualTo(Planner.plan(wf, e, RUN));
    }
}
