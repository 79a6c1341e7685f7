package dev.slipway.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.git.WorkflowFile;
import org.junit.jupiter.api.Test;

class ParsedWorkflowsTest {
    private static final String CI = """
            on: workflow_run
            jobs:
              a: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}
            """;

    @Test
    void aFileIsParsedOncePerPathAndContent() {
        var cache = new ParsedWorkflows();
        var first = cache.parse(new WorkflowFile(".github/workflows/ci.yml", "blob1", CI));
        assertThat(cache.parse(new WorkflowFile(".github/workflows/ci.yml", "blob1", CI)))
                .isSameAs(first);
        var moved = cache.parse(new WorkflowFile(".github/workflows/deploy.yml", "blob1", CI));
        assertThat(moved).isNotSameAs(first);
        assertThat(moved.value().orElseThrow().path()).isEqualTo(".github/workflows/deploy.yml");
        var changed = cache.parse(new WorkflowFile(".github/workflows/ci.yml", "blob2", "on: [push\n"));
        assertThat(changed.hasErrors()).isTrue();
        assertThat(changed.diagnostics().getFirst().toString()).contains(".github/workflows/ci.yml");
    }
}
