package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad workflows: every problem reported as file:line:col, exit code 2, never a stack trace. */
class LintIT {
    @TempDir
    Path tmp;

    @Test
    void lintReportsEveryProblemWithPositions() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.file(".github/workflows/bad.yml", """
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    needs: ghost
                    steps:
                      - run: echo ${{ github.sha ) }}
                  b:
                    runs-on: ubuntu-latest
                    timeout-minutes: [1]
                    stepz: []
                """).commit("bad");
        Cli.Result r = Cli.run(
                tmp.resolve("state"),
                "lint",
                repo.dir().resolve(".github/workflows/bad.yml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out().lines().toList()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(r.out()).contains("bad.yml:5:").contains("ghost");
        assertThat(r.out()).contains("bad.yml:7:");
        assertThat(r.out()).contains("bad.yml:11:").contains("stepz");
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void anActionsMetadataFileIsCheckedAsAnAction() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo-action"));
        repo.file(".github/actions/greet/action.yml", """
                        name: greet
                        runs:
                          using: composite
                          steps:
                            - run: echo hi
                        """)
                .file(".github/actions/good/action.yaml", """
                        name: good
                        runs:
                          using: composite
                          steps:
                            - run: echo hi
                              shell: bash
                        """)
                .commit("actions");

        Cli.Result bad = Cli.run(
                tmp.resolve("state"),
                "lint",
                repo.dir().resolve(".github/actions/greet/action.yml").toString());
        Cli.Result good = Cli.run(
                tmp.resolve("state"),
                "lint",
                repo.dir().resolve(".github/actions/good/action.yaml").toString());

        assertThat(bad.exit()).as(bad.all()).isEqualTo(2);
        assertThat(bad.out()).contains("action.yml:5:").contains("shell").doesNotContain("jobs");
        assertThat(good.exit()).as(good.all()).isZero();
        assertThat(good.out()).isEmpty();
    }

    @Test
    void runRefusesAnInvalidWorkflowWithExitTwo() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo2"));
        repo.file(".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: [ubuntu-latest\n")
                .commit("broken");
        Cli.Result r = Cli.runIn(repo, tmp.resolve("state"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(".github/workflows/ci.yml:").doesNotContain("\tat ");
    }

    @Test
    void aBrokenWorkflowIsReportedBeforeABadSecretAndTheSecretOnceTheWorkflowIsFixed() {
        // the workflows are parsed beside reading the configuration: the order of the errors is still the workflows'
        TestRepo repo = TestRepo.init(tmp.resolve("repo4"));
        repo.file(".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: [ubuntu-latest\n")
                .commit("broken");
        Cli.Result broken = Cli.runIn(repo, tmp.resolve("state"), "--secret", "SLIPWAY_TEST_UNSET_SECRET");
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err())
                .contains(".github/workflows/ci.yml:")
                .doesNotContain("SLIPWAY_TEST_UNSET_SECRET", "\tat ");
        assertFirstSlotFree(tmp.resolve("state"));

        repo.file(
                        ".github/workflows/ci.yml",
                        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n")
                .commit("fixed");
        Cli.Result secret = Cli.runIn(repo, tmp.resolve("state"), "--secret", "SLIPWAY_TEST_UNSET_SECRET");
        assertThat(secret.exit()).isEqualTo(2);
        assertThat(secret.err())
                .contains("--secret SLIPWAY_TEST_UNSET_SECRET: no value given")
                .doesNotContain("\tat ");

        Cli.Result nothing = Cli.runIn(repo, tmp.resolve("state"), "-e", "workflow_dispatch");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("no workflow runs on event 'workflow_dispatch'");
        assertFirstSlotFree(tmp.resolve("state"));
    }

    /** A run that did not start released the run slot it claimed while its workflows were parsed. */
    private static void assertFirstSlotFree(Path state) {
        try (Config.Slot slot = Config.claimSlot(state.resolve("runs")).orElseThrow()) {
            assertThat(slot.dir().getFileName()).hasToString("slot-1");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void lintOfAValidRepositoryPrintsNothingAndExitsZero() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo3"));
        repo.file(
                        ".github/workflows/ok.yml",
                        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n")
                .commit("ok");
        Cli.Result r = Cli.run(
                tmp.resolve("state"),
                "lint",
                repo.dir().resolve(".github/workflows/ok.yml").toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        for (String command : new String[] {"run", "lint", "selftest"}) {
            Cli.Result r = Cli.run(tmp.resolve("state"), command, "--help");
            assertThat(r.exit()).as(command + ": " + r.all()).isZero();
            assertThat(r.out()).contains("Usage: slipway " + command);
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result r = Cli.run(tmp.resolve("state"), "run", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
    }
}
