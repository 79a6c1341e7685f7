package dev.slipway.plan;

import static dev.slipway.plan.Fixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.expr.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventsTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    private static Events.Commit commit(String id, List<String> added, List<String> modified) {
        return new Events.Commit(
                id,
                "tree-of-" + id,
                "msg " + id,
                "2024-01-01T00:00:00Z",
                "Mona",
                "m@x",
                added,
                List.of("gone"),
                modified);
    }

    @Test
    void pushPayloadIsShapedLikeGithubs() {
        Event e = Events.push(
                REPO,
                "refs/heads/main",
                A,
                B,
                "mona",
                List.of(commit("c1", List.of("x"), List.of()), commit("c2", List.of(), List.of("y", "x"))),
                true);
        Value.Obj p = e.payload();
        assertThat(Json.str(p, "ref")).contains("refs/heads/main");
        assertThat(Json.str(p, "before")).contains(A);
        assertThat(Json.str(p, "after")).contains(B);
        assertThat(Json.at(p, "created")).contains(Value.FALSE);
        assertThat(Json.at(p, "deleted")).contains(Value.FALSE);
        assertThat(Json.at(p, "forced")).contains(Value.TRUE);
        assertThat(Json.at(p, "base_ref")).contains(Value.NULL);
        assertThat(Json.str(p, "compare"))
                .contains("https://slipway.test/octo/app/compare/aaaaaaaaaaaa...bbbbbbbbbbbb");
        assertThat(Json.str(p, "head_commit", "id")).contains("c2");
        assertThat(Json.str(p, "head_commit", "tree_id")).contains("tree-of-c2");
        assertThat(Json.str(p, "head_commit", "author", "email")).contains("m@x");
        assertThat(Json.strings(p, "head_commit", "modified")).containsExactly("y", "x");
        assertThat(Json.str(p, "pusher", "name")).contains("mona");
        assertThat(Json.str(p, "repository", "full_name")).contains("octo/app");
        assertThat(Json.str(p, "repository", "owner", "login")).contains("octo");
        assertThat(Json.str(p, "sender", "login")).contains("mona");
        assertThat(e.changedFiles()).contains(List.of("x", "gone", "y"));
        assertThat(e.sha()).isEqualTo(B);
    }

    @Test
    void createdAndDeletedPushesHaveUnknownChangedFiles() {
        Event created = Events.push(REPO, "refs/heads/n", Events.ZERO_SHA, B, "mona", List.of(), false);
        Event deleted = Events.push(REPO, "refs/heads/n", A, Events.ZERO_SHA, "mona", List.of(), false);
        assertThat(created.changedFiles()).isEmpty();
        assertThat(Json.at(created.payload(), "created")).contains(Value.TRUE);
        assertThat(Json.at(created.payload(), "head_commit")).contains(Value.NULL);
        assertThat(deleted.changedFiles()).isEmpty();
        assertThat(Json.at(deleted.payload(), "deleted")).contains(Value.TRUE);
        assertThat(created.withChangedFiles(List.of("a")).changedFiles()).contains(List.of("a"));
    }

    @Test
    void pullRequestPayloadAndRef() {
        Event e = Fixtures.pullRequest("opened", "main", Optional.of(List.of("f")));
        assertThat(e.ref()).isEqualTo("refs/pull/7/merge");
        assertThat(e.refName()).isEqualTo("7/merge");
        assertThat(e.baseRef()).contains("main");
        assertThat(e.headRef()).contains("feature");
        Value.Obj p = e.payload();
        assertThat(Json.str(p, "action")).contains("opened");
        assertThat(Json.str(p, "number")).contains("7");
        assertThat(Json.str(p, "pull_request", "number")).contains("7");
        assertThat(Json.str(p, "pull_request", "head", "sha")).contains("f".repeat(40));
        assertThat(Json.str(p, "pull_request", "base", "ref")).contains("main");
        assertThat(Json.at(p, "pull_request", "merged")).contains(Value.FALSE);
    }

    @Test
    void dispatchAndScheduleEvents() {
        Event d = Events.workflowDispatch(REPO, "refs/tags/v1", B, "mona", "w.yml", Map.of("a", "1"));
        assertThat(d.inputs()).containsEntry("a", "1");
        assertThat(Json.str(d.payload(), "inputs", "a")).contains("1");
        assertThat(d.isTag()).isTrue();
        Event s = Events.schedule(REPO, "0 * * * *", B, "mona");
        assertThat(s.ref()).isEqualTo("refs/heads/main");
        assertThat(s.cron()).contains("0 * * * *");
        assertThat(Json.str(s.payload(), "schedule")).contains("0 * * * *");
    }

    @Test
    void fromPayloadDerivesFieldsOrFallsBackToOrigin() {
        Events.Origin origin = new Events.Origin("refs/heads/dev", A, "me/repo", "me");
        Event pr = Events.fromPayload(
                "pull_request",
                (Value.Obj) TestJson.parse("{\"action\":\"opened\",\"number\":5,\"pull_request\":{\"number\":5,"
                        + "\"head\":{\"ref\":\"f\",\"sha\":\"h\"},\"base\":{\"ref\":\"main\",\"sha\":\"b\"}}}"),
                origin);
        assertThat(pr.ref()).isEqualTo("refs/pull/5/merge");
        assertThat(pr.sha()).isEqualTo("h");
        assertThat(pr.baseRef()).contains("main");
        assertThat(pr.action()).contains("opened");
        assertThat(pr.repository()).isEqualTo("me/repo");
        assertThat(pr.actor()).isEqualTo("me");
        assertThat(pr.changedFiles()).isEmpty();

        Event dispatch = Events.fromPayload(
                "workflow_dispatch", (Value.Obj) TestJson.parse("{\"inputs\":{\"n\":3,\"b\":true}}"), origin);
        assertThat(dispatch.ref()).isEqualTo("refs/heads/dev");
        assertThat(dispatch.sha()).isEqualTo(A);
        assertThat(dispatch.inputs()).containsEntry("n", "3").containsEntry("b", "true");

        Event tag = Events.fromPayload(
                "create", (Value.Obj) TestJson.parse("{\"ref\":\"v1\",\"ref_type\":\"tag\"}"), origin);
        assertThat(tag.ref()).isEqualTo("refs/tags/v1");
    }
}
