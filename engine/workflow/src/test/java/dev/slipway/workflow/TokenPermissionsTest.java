package dev.slipway.workflow;

import static dev.slipway.workflow.TokenPermissions.Access.NONE;
import static dev.slipway.workflow.TokenPermissions.Access.READ;
import static dev.slipway.workflow.TokenPermissions.Access.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.Diagnostic;
import org.junit.jupiter.api.Test;

/** GitHub's rules for a job's GITHUB_TOKEN permissions ("Assigning permissions to jobs", "Controlling permissions"). */
class TokenPermissionsTest {

    private static Workflow parse(String yaml) {
        ParseResult<Workflow> result = WorkflowParser.parse("w.yml", yaml);
        assertThat(result.diagnostics()).isEmpty();
        return result.value().orElseThrow();
    }

    private static TokenPermissions of(Workflow w, String job) {
        return TokenPermissions.of(w.jobs().get(job), w);
    }

    private static final String JOBS = """
            jobs:
              plain:
                runs-on: ubuntu-latest
                steps: [{run: x}]
              own:
                runs-on: ubuntu-latest
                permissions: {packages: write}
                steps: [{run: x}]
            """;

    @Test
    void withoutPermissionsAnywhereTheDefaultWritesEveryScopeButIdToken() {
        Workflow w = parse("on: push\n" + JOBS);
        var p = of(w, "plain");
        assertThat(p).isEqualTo(TokenPermissions.DEFAULT);
        assertThat(p.get("contents")).isEqualTo(WRITE);
        assertThat(p.get("packages")).isEqualTo(WRITE);
        assertThat(p.get("id-token")).isEqualTo(NONE);
    }

    @Test
    void aMappingLeavesEveryScopeItDoesNotNameAtNone() {
        Workflow w = parse("on: push\npermissions: {contents: read}\n" + JOBS);
        var p = of(w, "plain");
        assertThat(p.get("contents")).isEqualTo(READ);
        assertThat(p.get("packages")).isEqualTo(NONE);
        assertThat(p.get("pull-requests")).isEqualTo(NONE);
        assertThat(p.summary()).isEqualTo("contents: read");
    }

    @Test
    void theJobsKeyReplacesTheWorkflowsRatherThanAddingToIt() {
        Workflow w = parse("on: push\npermissions: {contents: write}\n" + JOBS);
        var p = of(w, "own");
        assertThat(p.get("packages")).isEqualTo(WRITE);
        assertThat(p.get("contents")).isEqualTo(NONE);
        assertThat(of(w, "plain").get("contents")).isEqualTo(WRITE);
    }

    @Test
    void anEmptyMappingTakesEverythingAway() {
        var p = of(parse("on: push\npermissions: {}\n" + JOBS), "plain");
        assertThat(p).isEqualTo(TokenPermissions.all(NONE));
        assertThat(p.summary()).isEqualTo("none");
    }

    @Test
    void readAllAndWriteAll() {
        var read = of(parse("on: push\npermissions: read-all\n" + JOBS), "plain");
        assertThat(read.get("contents")).isEqualTo(READ);
        assertThat(read.get("packages")).isEqualTo(READ);
        assertThat(read.get("id-token")).isEqualTo(NONE);
        var write = of(parse("on: push\npermissions: write-all\n" + JOBS), "plain");
        assertThat(write.get("id-token")).isEqualTo(WRITE);
        assertThat(write.summary()).contains("id-token: write", "pull-requests: write");
    }

    @Test
    void aCalledWorkflowGetsNoMoreThanItsCallerAndInheritsItWhenSilent() {
        var caller = TokenPermissions.of(java.util.Map.of("contents", READ, "packages", WRITE));
        Workflow silent = parse("on: workflow_call\n" + JOBS).calledWith(CacheMode.WRITE, caller, "push");
        assertThat(of(silent, "plain")).isEqualTo(caller);
        // the job asks for packages: write, which the caller has; contents: none as its mapping says
        assertThat(of(silent, "own").get("packages")).isEqualTo(WRITE);
        assertThat(of(silent, "own").get("contents")).isEqualTo(NONE);
        Workflow greedy =
                parse("on: workflow_call\npermissions: write-all\n" + JOBS).calledWith(CacheMode.WRITE, caller, "push");
        assertThat(of(greedy, "plain")).isEqualTo(caller);
        assertThat(of(greedy, "plain").get("issues")).isEqualTo(NONE);
    }

    @Test
    void whatAJobAsksBeyondItsCallerIsNamedScopeByScope() {
        var caller = TokenPermissions.of(java.util.Map.of("contents", READ, "packages", WRITE));
        var asked = TokenPermissions.of(java.util.Map.of("contents", WRITE, "packages", READ, "issues", WRITE));
        assertThat(asked.beyond(caller))
                .containsExactly(java.util.Map.entry("contents", WRITE), java.util.Map.entry("issues", WRITE));
        assertThat(caller.beyond(caller)).isEmpty();
        // GitHub's permissive default does not give id-token, so a called job asking for it is beyond it
        assertThat(TokenPermissions.of(java.util.Map.of("id-token", WRITE)).beyond(TokenPermissions.DEFAULT))
                .containsOnlyKeys("id-token");
        assertThat(caller.only(java.util.Set.of("contents", "issues"))).isEqualTo("contents: read, issues: none");
    }

    @Test
    void invalidLevelsAreReportedWhereTheyAre() {
        ParseResult<Workflow> result =
                WorkflowParser.parse("w.yml", "on: push\npermissions: {contents: admin, id-token: read}\n" + JOBS);
        assertThat(result.diagnostics())
                .extracting(Diagnostic::render)
                .containsExactly(
                        "w.yml:2:25: error: invalid permission 'admin' for 'contents', expected read, write or none",
                        "w.yml:2:42: error: invalid permission 'read' for 'id-token', expected write or none");
    }
}
