package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.expr.Value;
import dev.slipway.workflow.WorkflowParser;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobEnvironmentTest {
    @TempDir
    Path dir;

    private static JobEnvironment.Evaluated evaluate(String environment, Map<String, Value> contexts) {
        var wf = WorkflowParser.parse(".github/workflows/d.yml", """
                        on: push
                        jobs:
                          d:
                            runs-on: ubuntu-latest
                            environment: %s
                            steps:
                              - run: true
                        """.formatted(environment))
                .value()
                .orElseThrow();
        return JobEnvironment.of(wf.jobs().get("d"), contexts);
    }

    @Test
    void aPlainNameIsTheEnvironmentAndMakesADeployment() {
        assertThat(evaluate("production", Map.of()))
                .isEqualTo(
                        new JobEnvironment.Evaluated.Named(new JobEnvironment("production", Optional.empty(), true)));
    }

    @Test
    void theNameIsEvaluatedWithTheMatrixAndInputs() {
        var contexts = Map.<String, Value>of(
                "matrix", Value.obj(Map.of("region", Value.of("eu"))),
                "inputs", Value.obj(Map.of("target", Value.of("staging"))));
        assertThat(evaluate("\"${{ inputs.target }}-${{ matrix.region }}\"", contexts))
                .isEqualTo(
                        new JobEnvironment.Evaluated.Named(new JobEnvironment("staging-eu", Optional.empty(), true)));
    }

    @Test
    void deploymentFalseAndAnEmptyNameAreKept() {
        assertThat(evaluate("{name: review, deployment: false}", Map.of()))
                .isEqualTo(new JobEnvironment.Evaluated.Named(new JobEnvironment("review", Optional.empty(), false)));
        assertThat(evaluate("\"${{ inputs.none }}\"", Map.of("inputs", Value.obj(Map.of()))))
                .isInstanceOf(JobEnvironment.Evaluated.None.class);
    }

    @Test
    void aBrokenExpressionNamesTheField() {
        assertThat(evaluate("\"${{ fromJSON('not json') }}\"", Map.of()))
                .isInstanceOfSatisfying(
                        JobEnvironment.Evaluated.Invalid.class,
                        i -> assertThat(i.message())
                                .startsWith(".github/workflows/d.yml:5:")
                                .contains("environment:"));
    }

    @Test
    void theUrlIsEvaluatedAfterTheStepsWithTheirOutputs() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    environment:
                      name: staging
                      url: ${{ steps.publish.outputs.url }}/${{ env.SITE }}
                    env:
                      SITE: shop
                    steps:
                      - id: publish
                        run: echo "url=http://staging.local" >> "$GITHUB_OUTPUT"
                """);
        assertThat(run.result().environment())
                .contains(new JobEnvironment("staging", Optional.of("http://staging.local/shop"), true));
    }

    @Test
    void aJobWithoutEnvironmentHasNone() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - run: true
                """);
        assertThat(run.result().environment()).isEmpty();
    }
}
