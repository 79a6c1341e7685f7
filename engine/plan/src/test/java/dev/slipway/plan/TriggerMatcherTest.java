package dev.slipway.plan;

import static dev.slipway.plan.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.workflow.Workflow;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerMatcherTest {
    private static final Optional<List<String>> NONE = Optional.empty();

    private static Workflow on(dev.slipway.workflow.Trigger t) {
        return workflow(List.of(t), List.of(job("build")));
    }

    private static Optional<List<String>> list(String... items) {
        return Optional.of(List.of(items));
    }

    @Test
    void eventNotListedDoesNotTrigger() {
        TriggerMatch m = TriggerMatcher.match(on(trigger("pull_request")), pushTo("refs/heads/main", List.of()));
        assertThat(m.triggered()).isFalse();
        assertThat(m.reason()).contains("'push'").contains("pull_request");
    }

    @Test
    void branchFilterExplainsTheMiss() {
        Workflow wf = on(push(list("main", "release/*"), NONE, NONE, NONE, NONE));
        TriggerMatch m = TriggerMatcher.match(wf, pushTo("refs/heads/dev", List.of("a")));
        assertThat(m).isEqualTo(new TriggerMatch(false, "branch 'dev' not matched by branches [main, release/*]"));
        assertThat(TriggerMatcher.match(wf, pushTo("refs/heads/release/1", List.of("a")))
                        .triggered())
                .isTrue();
    }

    @Test
    void aLongListOfChangedFilesIsShortenedInTheReason() {
        Workflow wf = on(push(NONE, NONE, NONE, list("src/**"), NONE));
        List<String> changed = java.util.stream.IntStream.rangeClosed(1, 30)
                .mapToObj(i -> "docs/page" + i + ".md")
                .toList();
        TriggerMatch m = TriggerMatcher.match(wf, pushTo("refs/heads/main", changed));
        assertThat(m.reason())
                .isEqualTo("no changed file matched by paths [src/**] (changed: [docs/page1.md, docs/page2.md,"
                        + " docs/page3.md, docs/page4.md, docs/page5.md, docs/page6.md, docs/page7.md, docs/page8.md,"
                        + " ... and 22 more])");
    }

    @Test
    void branchesIgnoreSkipsMatchingBranch() {
        Workflow wf = on(push(NONE, list("wip/**"), NONE, NONE, NONE));
        assertThat(TriggerMatcher.match(wf, pushTo("refs/heads/wip/x/y", List.of()))
                        .triggered())
                .isFalse();
        assertThat(TriggerMatcher.match(wf, pushTo("refs/heads/main", List.of()))
                        .triggered())
                .isTrue();
    }

    @Test
    void tagPushDoesNotRunWithOnlyBranchFilters() {
        Workflow wf = on(push(list("**"), NONE, NONE, NONE, NONE));
        TriggerMatch m = TriggerMatcher.match(wf, pushTo("refs/tags/v1", List.of()));
        assertThat(m.triggered()).isFalse();
        assertThat(m.reason()).contains("only branch filters");
    }

    @Test
    void branchPushDoesNotRunWithOnlyTagFilters() {
        Workflow wf = on(push(NONE, NONE, list("v*"), NONE, NONE));
        assertThat(TriggerMatcher.match(wf, pushTo("refs/heads/main", List.of()))
                        .triggered())
                .isFalse();
        assertThat(TriggerMatcher.match(wf, pushTo("refs/tags/v1.2", List.of())).triggered())
                .isTrue();
    }

    @Test
    void pathFiltersAreNotEvaluatedForTags() {
        Workflow wf = on(push(NONE, NONE, list("v*"), list("src/**"), NONE));
        assertThat(TriggerMatcher.match(wf, pushTo("refs/tags/v1", List.of("docs/a.md")))
                        .triggered())
                .isTrue();
    }

    @Test
    void pathsNeedOneMatchingFileAndUnknownFilesPass() {
        Workflow wf = on(push(NONE, NONE, NONE, list("src/**", "!src/**/*.md"), NONE));
        assertThat(TriggerMatcher.match(wf, pushTo("refs/heads/main", List.of("src/a/README.md")))
                        .triggered())
                .isFalse();
        assertThat(TriggerMatcher.match(wf, pushTo("refs/heads/main", List.of("src/a/README.md", "src/a/B.java")))
                        .triggered())
                .isTrue();
        Event created = Events.push(REPO, "refs/heads/new", Events.ZERO_SHA, "b".repeat(40), "mona", List.of(), false);
        assertThat(created.changedFiles()).isEmpty();
        assertThat(TriggerMatcher.match(wf, created).triggered()).isTrue();
    }

    @Test
    void pathsIgnoreSkipsOnlyWhenEveryFileIsIgnored() {
        Workflow wf = on(push(NONE, NONE, NONE, NONE, list("docs/**")));
        assertThat(TriggerMatcher.match(wf, pushTo("refs/heads/main", List.of("docs/a.md")))
                        .reason())
                .startsWith("every changed file matched by paths-ignore [docs/**]");
        assertThat(TriggerMatcher.match(wf, pushTo("refs/heads/main", List.of("docs/a.md", "x.c")))
                        .triggered())
                .isTrue();
    }

    @Test
    void pullRequestBranchFilterAppliesToBaseBranch() {
        Workflow wf = on(pr("pull_request", List.of(), list("main")));
        assertThat(TriggerMatcher.match(wf, pullRequest("opened", "main", Optional.empty()))
                        .triggered())
                .isTrue();
        TriggerMatch m = TriggerMatcher.match(wf, pullRequest("opened", "dev", Optional.empty()));
        assertThat(m.reason()).isEqualTo("base branch 'dev' not matched by branches [main]");
    }

    @Test
    void pullRequestDefaultTypesExcludeClosed() {
        Workflow wf = on(pr("pull_request", List.of(), NONE));
        assertThat(TriggerMatcher.match(wf, pullRequest("synchronize", "main", Optional.empty()))
                        .triggered())
                .isTrue();
        TriggerMatch closed = TriggerMatcher.match(wf, pullRequest("closed", "main", Optional.empty()));
        assertThat(closed.reason())
                .isEqualTo("activity type 'closed' not in default types [opened, synchronize, reopened]");
    }

    @Test
    void explicitTypesReplaceDefaults() {
        Workflow wf = on(pr("pull_request", List.of("closed", "labeled"), NONE));
        assertThat(TriggerMatcher.match(wf, pullRequest("closed", "main", Optional.empty()))
                        .triggered())
                .isTrue();
        assertThat(TriggerMatcher.match(wf, pullRequest("opened", "main", Optional.empty()))
                        .triggered())
                .isFalse();
    }

    @Test
    void pullRequestTargetRunsOnBaseBranch() {
        Event e = Events.pullRequestTarget(
                REPO,
                "opened",
                3,
                "t",
                new Events.Side("feat", "1".repeat(40)),
                new Events.Side("main", "2".repeat(40)),
                "mona",
                Optional.empty());
        assertThat(e.ref()).isEqualTo("refs/heads/main");
        assertThat(e.sha()).isEqualTo("2".repeat(40));
        assertThat(TriggerMatcher.match(on(pr("pull_request_target", List.of(), list("main"))), e)
                        .triggered())
                .isTrue();
    }

    @Test
    void scheduleMustBeOneOfTheWorkflowsCrons() {
        var t = new dev.slipway.workflow.Trigger(
                "schedule",
                List.of(),
                NONE,
                NONE,
                NONE,
                NONE,
                NONE,
                NONE,
                List.of(new dev.slipway.workflow.Trigger.Cron("0 3 * * *", SPAN)),
                java.util.Map.of(),
                java.util.Map.of(),
                java.util.Map.of(),
                List.of(),
                SPAN);
        assertThat(TriggerMatcher.match(on(t), Events.schedule(REPO, "0 3 * * *", "c".repeat(40), "mona"))
                        .triggered())
                .isTrue();
        assertThat(TriggerMatcher.match(on(t), Events.schedule(REPO, "0 4 * * *", "c".repeat(40), "mona"))
                        .triggered())
                .isFalse();
    }

    @Test
    void invalidPatternDoesNotTriggerAndSaysWhy() {
        Workflow wf = on(push(list("release/[]"), NONE, NONE, NONE, NONE));
        TriggerMatch m = TriggerMatcher.match(wf, pushTo("refs/heads/main", List.of()));
        assertThat(m.triggered()).isFalse();
        assertThat(m.reason()).startsWith("invalid filter pattern: empty brackets");
    }

    @Test
    void workflowRunFiltersOnUpstreamNameAndHeadBranch() {
        var t = new dev.slipway.workflow.Trigger(
                "workflow_run",
                List.of("completed"),
                list("main"),
                NONE,
                NONE,
                NONE,
                NONE,
                NONE,
                List.of(),
                java.util.Map.of(),
                java.util.Map.of(),
                java.util.Map.of(),
                List.of("Build"),
                SPAN);
        Events.Origin origin = new Events.Origin("refs/heads/feature", "c".repeat(40), "octo/app", "mona");
        Event build = Events.fromPayload(
                "workflow_run",
                (dev.slipway.expr.Value.Obj) TestJson.parse("{\"action\":\"completed\",\"workflow_run\":"
                        + "{\"name\":\"Build\",\"head_branch\":\"main\",\"head_sha\":\"d\"},"
                        + "\"repository\":{\"default_branch\":\"trunk\"}}"),
                origin);
        // as GitHub documents it: the default branch and its last commit, not the upstream run's head
        assertThat(build.sha()).isEqualTo("c".repeat(40));
        assertThat(build.ref()).isEqualTo("refs/heads/trunk");
        assertThat(TriggerMatcher.match(on(t), build).triggered()).isTrue();
        Event lint = Events.fromPayload(
                "workflow_run",
                (dev.slipway.expr.Value.Obj) TestJson.parse("{\"action\":\"completed\",\"workflow_run\":"
                        + "{\"name\":\"Lint\",\"head_branch\":\"main\"}}"),
                origin);
        assertThat(TriggerMatcher.match(on(t), lint).reason()).isEqualTo("workflow 'Lint' not among workflows [Build]");
        Event dev = Events.fromPayload(
                "workflow_run",
                (dev.slipway.expr.Value.Obj) TestJson.parse("{\"action\":\"completed\",\"workflow_run\":"
                        + "{\"name\":\"Build\",\"head_branch\":\"dev\"}}"),
                origin);
        assertThat(TriggerMatcher.match(on(t), dev).reason()).isEqualTo("branch 'dev' not matched by branches [main]");
    }
}
