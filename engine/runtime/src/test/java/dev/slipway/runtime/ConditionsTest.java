package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.fake.FakeExecutor;
import dev.slipway.executor.fake.Script;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConditionsTest {
    @TempDir
    Path dir;

    private final FakeExecutor fake = FakeExecutor.builder()
            .onCommandContaining("do-fail", Script.lines("failing").thenExit(2))
            .defaultScript(Script.exit(0))
            .build();

    @Test
    void failedStepSkipsLaterStepsExceptFailureAndAlways() {
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bad
                        run: do-fail
                      - id: normal
                        run: echo normal
                      - id: onfail
                        if: failure()
                        run: echo onfail
                      - id: always
                        if: always()
                        run: echo always
                      - id: check
                        if: ${{ always() && steps.bad.outcome == 'failure' }}
                        run: echo check
                """);
        assertThat(run.step("bad").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.step("normal").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.step("onfail").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("always").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("check").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().failure()).contains("step 'Run do-fail' failed");
        assertThat(run.all()).contains("ERROR Process completed with exit code 2.");
    }

    @Test
    void continueOnErrorKeepsOutcomeButConcludesSuccess() {
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bad
                        continue-on-error: ${{ 1 == 1 }}
                        run: do-fail
                      - id: next
                        run: echo "${{ steps.bad.outcome }}/${{ steps.bad.conclusion }}"
                      - id: onfail
                        if: failure()
                        run: echo never
                """);
        assertThat(run.step("bad").outcome()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.step("bad").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("next").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("onfail").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void conditionsSeeContextsAndStepEnv() {
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    env:
                      MODE: fast
                    steps:
                      - id: yes
                        if: env.MODE == 'fast' && github.ref_name == 'main' && vars.WHO == 'world'
                        run: echo yes
                      - id: no
                        if: runner.os != 'Linux'
                        run: echo no
                      - id: own
                        if: env.LOCAL == 'x'
                        env:
                          LOCAL: x
                        run: echo own
                """);
        assertThat(run.step("yes").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("no").conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(run.step("own").conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void expressionErrorFailsTheStepWithThePositionOfTheField() {
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bad
                        run: echo ${{ fromJSON('{not json') }}
                      - id: later
                        if: always()
                        run: echo later
                """);
        assertThat(run.step("bad").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().annotations())
                .extracting(Annotation::message)
                .anyMatch(m -> m.startsWith(".github/workflows/test.yml:7:") && m.contains("error:"));
        assertThat(run.step("later").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(fake.startedSteps()).hasSize(1);
    }

    @Test
    void executorStartFailureFailsTheStepWithItsMessage() {
        FakeExecutor broken = FakeExecutor.builder()
                .defaultScript(Script.startFailure("bash: not found in container"))
                .build();
        var run = new Harness(dir).executor(broken).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: s
                        run: echo hi
                """);
        assertThat(run.step("s").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.all()).contains("ERROR bash: not found in container");
    }
}
