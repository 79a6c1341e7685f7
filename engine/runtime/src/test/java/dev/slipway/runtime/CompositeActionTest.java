package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositeActionTest {
    @TempDir
    Path dir;

    private void action(Harness h, String path, String yaml) throws IOException {
        Path d = h.workspace().resolve(path);
        Files.createDirectories(d);
        Files.writeString(d.resolve("action.yml"), yaml);
    }

    @Test
    void compositeRunsStepsWithInputsDefaultsOutputsAndItsOwnStepsScope() throws IOException {
        Harness h = new Harness(dir);
        action(h, "acts/greet", """
                name: greet
                inputs:
                  who:
                    description: whom
                    required: true
                  greeting:
                    description: how
                    default: Hello ${{ github.actor }}
                outputs:
                  message:
                    description: the message
                    value: ${{ steps.make.outputs.msg }}
                runs:
                  using: composite
                  steps:
                    - id: make
                      shell: bash
                      run: echo "msg=${{ inputs.greeting }}, ${{ inputs.who }}" >> "$GITHUB_OUTPUT"
                    - shell: bash
                      run: |
                        echo "inner sees ${{ steps.make.outputs.msg }}"
                        echo "path=$GITHUB_ACTION_PATH"
                        echo "ctx-path=${{ github.action_path }}"
                        echo "FROM_COMPOSITE=yes" >> "$GITHUB_ENV"
                """);
        var run = h.run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: make
                        run: echo "msg=outer" >> "$GITHUB_OUTPUT"
                      - id: g
                        uses: ./acts/greet
                        with:
                          who: Ada
                      - run: |
                          echo "out=${{ steps.g.outputs.message }}"
                          echo "outer still ${{ steps.make.outputs.msg }}"
                          echo "env=$FROM_COMPOSITE"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        String actionDir = h.workspace().resolve("acts/greet").toString();
        assertThat(run.output())
                .contains(
                        "inner sees Hello octo, Ada",
                        "path=" + actionDir,
                        "ctx-path=" + actionDir,
                        "out=Hello octo, Ada",
                        "outer still outer",
                        "env=yes");
    }

    @Test
    void nestedCompositesAndFailureInsideFailTheOuterStep() throws IOException {
        Harness h = new Harness(dir);
        action(h, "acts/inner", """
                name: inner
                inputs:
                  code:
                    description: exit code
                    default: "0"
                outputs:
                  depth:
                    description: d
                    value: inner-${{ inputs.code }}
                runs:
                  using: composite
                  steps:
                    - shell: bash
                      run: echo "inner code ${{ inputs.code }}"; exit ${{ inputs.code }}
                    - if: failure()
                      shell: bash
                      run: echo "inner saw failure"
                """);
        action(h, "acts/outer", """
                name: outer
                inputs:
                  code:
                    description: exit code
                outputs:
                  result:
                    description: r
                    value: ${{ steps.in.outputs.depth }}
                runs:
                  using: composite
                  steps:
                    - id: in
                      uses: ./acts/inner
                      with:
                        code: ${{ inputs.code }}
                """);
        var run = h.run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: ok
                        uses: ./acts/outer
                        with:
                          code: 0
                      - id: bad
                        uses: ./acts/outer
                        with:
                          code: 3
                      - if: always()
                        run: echo "results ${{ steps.ok.outputs.result }} ${{ steps.bad.outcome }}"
                """);
        assertThat(run.step("ok").conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.step("ok").outputs()).containsEntry("result", "inner-0");
        assertThat(run.step("bad").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.output()).contains("inner code 3", "inner saw failure", "results inner-0 failure");
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void missingLocalActionFailsTheStepWithAHint() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: s
                        uses: ./nowhere
                """);
        assertThat(run.step("s").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.all()).anyMatch(l -> l.contains("can't find 'action.yml'") && l.contains("check out"));
    }

    @Test
    void aProblemInsideALocalCompositeNamesItsFileAsTheRepositoryDoes() throws IOException {
        Harness h = new Harness(dir);
        action(h, ".github/actions/quick", """
                name: quick
                runs:
                  using: composite
                  steps:
                    - uses: jwlawson/actions-setup-cmake@v2.2
                """);
        var run = h.run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: s
                        uses: ./.github/actions/quick
                """);
        assertThat(run.step("s").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.all())
                .anyMatch(l -> l.contains(" .github/actions/quick/action.yml:5:13: error:")
                        && l.contains("jwlawson/actions-setup-cmake@v2.2"))
                .noneMatch(l -> l.contains(h.workspace().toString()));
    }

    @Test
    void dockerActionsOnAHostExecutorFailTheJobAtSetUpWithWhatToDo() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: s
                        uses: docker://alpine:3
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().steps()).isEmpty();
        assertThat(run.result().failure())
                .hasValueSatisfying(f -> assertThat(f)
                        .startsWith(".github/workflows/test.yml:7:")
                        .contains("docker container actions need a container executor ('docker://alpine:3')")
                        .contains("-P ubuntu-latest=docker://IMAGE"));
    }
}
