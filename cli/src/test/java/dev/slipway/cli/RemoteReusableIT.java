package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reusable workflows of other repositories ({@code uses: owner/repo/.github/workflows/x.yml@ref}) from the action source. */
class RemoteReusableIT extends WorkflowRunIT {
    Path mirror;

    @BeforeEach
    void sharedWorkflows() throws Exception {
        mirror = tmp.resolve("mirror");
        // a copy pinned to its ref: acme/shared@v1/
        Path shared = Files.createDirectories(mirror.resolve("acme/shared@v1/.github/workflows"));
        Files.writeString(shared.resolve("build.yml"), """
                on:
                  workflow_call:
                    inputs:
                      target: {type: string, required: true}
                    secrets:
                      token: {required: true}
                    outputs:
                      artifact:
                        value: ${{ jobs.compile.outputs.name }}
                jobs:
                  compile:
                    runs-on: ubuntu-latest
                    outputs:
                      name: ${{ steps.n.outputs.name }}
                    steps:
                      - id: n
                        run: |
                          echo "name=app-${{ inputs.target }}" >> "$GITHUB_OUTPUT"
                          echo "compiling for ${{ github.repository }}, token ${#TOKEN} chars"
                        env:
                          TOKEN: ${{ secrets.token }}
                  nested:
                    uses: ./.github/workflows/inner.yml
                """);
        Files.writeString(shared.resolve("inner.yml"), """
                on: workflow_call
                jobs:
                  inner:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "inner workflow of acme/shared"
                """);
        // a git repository, the ref a tag: acme/tools/
        TestRepo tools = TestRepo.init(mirror.resolve("acme/tools"));
        tools.file(".github/workflows/lint.yaml", """
                        on: workflow_call
                        jobs:
                          lint:
                            runs-on: ubuntu-latest
                            steps:
                              - run: echo "lint from the tools repository"
                        """).commit("lint");
        tools.tag("v2");
        tools.file(".github/workflows/lint.yaml", "on: workflow_call\njobs: {}\n")
                .commit("later, not tagged");
    }

    @Test
    void callsWorkflowsOfOtherRepositoriesWithInputsSecretsOutputsAndTheirOwnNestedCalls() {
        Cli.Result r = run("""
                on: push
                jobs:
                  build:
                    uses: acme/shared/.github/workflows/build.yml@v1
                    with:
                      target: linux
                    secrets:
                      token: s3cret
                  lint:
                    uses: acme/tools/.github/workflows/lint.yaml@v2
                  after:
                    needs: build
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "built ${{ needs.build.outputs.artifact }}"
                """, "--action-source", mirror.toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("compiling for local/repo, token 6 chars")
                .contains("inner workflow of acme/shared")
                .contains("lint from the tools repository")
                .contains("built app-linux")
                .doesNotContain("s3cret");
    }

    @Test
    void aWorkflowNotFoundFailsItsJobSayingWhyAndABadReferenceDoesNotParse() {
        Cli.Result r = run("""
                on: push
                jobs:
                  gone:
                    uses: acme/none/.github/workflows/x.yml@v1
                  file:
                    uses: acme/shared/.github/workflows/nope.yml@v1
                """, "--action-source", mirror.toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.all())
                .contains("reusable workflow acme/none/.github/workflows/x.yml@v1 not found; locations tried"
                        + " (--action-source, SLIPWAY_ACTION_SOURCE): " + mirror)
                .contains("reusable workflow acme/shared/.github/workflows/nope.yml@v1: acme/shared@v1 has no"
                        + " .github/workflows/nope.yml");

        // a reference outside .github/workflows is refused before anything runs, at its line and column
        Cli.Result bad = run("""
                on: push
                jobs:
                  path:
                    uses: acme/shared/build.yml@v1
                """);
        assertThat(bad.exit()).as(bad.all()).isEqualTo(2);
        assertThat(bad.err())
                .contains(".github/workflows/ci.yml:4:11: error: invalid reusable workflow 'acme/shared/build.yml@v1'");
    }

    @Test
    void aCalledWorkflowThatDoesNotParseIsNamedAsItIsCalled() throws Exception {
        Files.writeString(mirror.resolve("acme/shared@v1/.github/workflows/bad.yml"), """
                on: workflow_call
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    stepz: []
                """);

        Cli.Result r = run("""
                on: push
                jobs:
                  call:
                    uses: acme/shared/.github/workflows/bad.yml@v1
                """, "--action-source", mirror.toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).contains("acme/shared/.github/workflows/bad.yml@v1:5:");
    }
}
