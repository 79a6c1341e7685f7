package dev.slipway.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.User;
import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reusable workflows of other repositories of the same server ({@code uses: owner/repo/.github/workflows/x.yml@ref}). */
class ReusableWorkflowsIT {
    @TempDir
    Path tmp;

    private Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
        f.service.start();
        // alice/shared, public: a called workflow with an input and an output, and a nested call of its own
        hosted(f.alice, "shared", false, "v1", """
                on:
                  workflow_call:
                    inputs:
                      target: {type: string, required: true}
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
                          echo "compiling for ${{ github.repository }}"
                  nested:
                    uses: ./.github/workflows/inner.yml
                """);
        // alice/internal, private: alice's own repositories may call it
        hosted(f.alice, "internal", true, "main", """
                on: workflow_call
                jobs:
                  audit:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "internal audit"
                """);
        // bob/secret, private: not alice's
        User bob = f.db.users().create("bob", "bob@example.com", "Bob", "correct horse battery", false);
        hosted(bob, "secret", true, "v1", """
                on: workflow_call
                jobs:
                  leak:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "bob's secret workflow ran"
                """);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** A hosted repository {@code owner/name} holding {@code .github/workflows/build.yml} (and inner.yml) at {@code ref}. */
    private void hosted(User owner, String name, boolean isPrivate, String ref, String build) {
        f.db.repos().create(owner.id(), name, "", isPrivate, "main");
        TestRepo src = TestRepo.init(tmp.resolve("src-" + owner.login() + "-" + name));
        src.file(".github/workflows/build.yml", build)
                .file(".github/workflows/inner.yml", """
                        on: workflow_call
                        jobs:
                          inner:
                            runs-on: ubuntu-latest
                            steps:
                              - run: echo "inner workflow of %s/%s"
                        """.formatted(owner.login(), name))
                .commit("workflows");
        if (!ref.equals("main")) {
            src.tag(ref);
        }
        src.cloneBare(f.repos.root().resolve(owner.login() + "/" + name + ".git"));
    }

    @Test
    void aRunCallsWorkflowsOfTheServersOtherRepositoriesAndTheirNestedOnes() throws Exception {
        var sha = f.commit(".github/workflows/own.yml", """
                on: workflow_call
                jobs:
                  own:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "own workflow of ${{ github.repository }}"
                """, ".github/workflows/ci.yml", """
                name: CI
                on: push
                jobs:
                  mine:
                    uses: $/.github/workflows/own.yml
                  build:
                    uses: alice/shared/.github/workflows/build.yml@v1
                    with:
                      target: linux
                  internal:
                    uses: alice/internal/.github/workflows/build.yml@main
                  after:
                    needs: build
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "built ${{ needs.build.outputs.artifact }}"
                """);
        f.pushNew("refs/heads/main", sha);

        var run = f.awaitCompleted(f.onlyRun().id());

        var jobs = f.jobs(run.id());
        assertThat(run.conclusion()).as(jobs.toString()).contains(Conclusion.SUCCESS);
        assertThat(jobs).extracting(Job::conclusion).containsOnly(Optional.of(Conclusion.SUCCESS));
        assertThat(log(jobs, "compile")).contains("compiling for alice/app");
        assertThat(log(jobs, "inner")).contains("inner workflow of alice/shared");
        assertThat(log(jobs, "audit")).contains("internal audit");
        assertThat(log(jobs, "after")).contains("built app-linux");
        assertThat(log(jobs, "own")).contains("own workflow of alice/app");
    }

    @Test
    void anotherOwnersPrivateRepositoryAMissingRefOrFileFailTheirJobs() throws Exception {
        var sha = f.commit(".github/workflows/ci.yml", """
                name: CI
                on: push
                jobs:
                  private:
                    uses: bob/secret/.github/workflows/build.yml@v1
                  ref:
                    uses: alice/shared/.github/workflows/build.yml@v9
                  file:
                    uses: alice/shared/.github/workflows/nope.yml@v1
                """);
        f.pushNew("refs/heads/main", sha);

        var run = f.awaitCompleted(f.onlyRun().id());

        var jobs = f.jobs(run.id());
        assertThat(run.conclusion()).contains(Conclusion.FAILURE);
        assertThat(jobs).extracting(Job::conclusion).containsOnly(Optional.of(Conclusion.FAILURE));
        assertThat(log(jobs, "private"))
                .contains("reusable workflow bob/secret/.github/workflows/build.yml@v1 not found: no repository"
                        + " bob/secret that alice/app may read on this server")
                .doesNotContain("secret workflow ran");
        assertThat(log(jobs, "ref")).contains("alice/shared has no branch, tag or commit 'v9'");
        assertThat(log(jobs, "file")).contains("alice/shared@v1 has no .github/workflows/nope.yml");
    }

    @Test
    void aCalledWorkflowsJobRunByTheAgentGetsNoMoreCacheAccessThanItsCaller() throws Exception {
        var sha = f.commit(".github/workflows/saver.yml", """
                on: workflow_call
                jobs:
                  save:
                    runs-on: ubuntu-latest
                    cache-mode: write
                    steps:
                      - run: mkdir -p c && echo x > c/x.txt
                      - uses: actions/cache/save@v4
                        with: {path: c, key: k1}
                """, ".github/workflows/ci.yml", """
                name: CI
                on: push
                cache-mode: read
                jobs:
                  call:
                    uses: ./.github/workflows/saver.yml
                """);
        f.pushNew("refs/heads/main", sha);

        var run = f.awaitCompleted(f.onlyRun().id());

        var jobs = f.jobs(run.id());
        assertThat(run.conclusion()).as(jobs.toString()).contains(Conclusion.SUCCESS);
        assertThat(log(jobs, "save"))
                .contains("Warning: Failed to save: the job's cache-mode 'read' allows no saves (key k1)");
    }

    private String log(java.util.List<Job> jobs, String keyPart) throws java.io.IOException {
        Job job = jobs.stream()
                .filter(j -> j.key().equals(keyPart) || j.key().endsWith(" / " + keyPart))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job " + keyPart + " in " + jobs));
        return f.log(job);
    }
}
