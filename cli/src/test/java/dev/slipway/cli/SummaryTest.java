package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.actions.Artifact;
import dev.slipway.expr.Value;
import dev.slipway.run.JobRef;
import dev.slipway.run.RunResult;
import dev.slipway.runtime.Annotation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobEnvironment;
import dev.slipway.runtime.JobResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void paddedIsWhatLeftJustifiedFormattingGives() {
        for (String text :
                List.of("", "a", "JOB", "build-and-test", "ünïcödé", "exactly-ten", "longer than the width")) {
            for (int width : new int[] {1, 3, 10, 24}) {
                assertThat(Summary.padded(text, width))
                        .as("%s in %d", text, width)
                        .isEqualTo(String.format("%-" + width + "s", text));
            }
        }
    }

    @Test
    void sizesReadAsGithubsArtifactListShowsThem() {
        assertThat(Summary.size(0)).isEqualTo("0 B");
        assertThat(Summary.size(1023)).isEqualTo("1023 B");
        assertThat(Summary.size(1024)).isEqualTo("1.0 KB");
        assertThat(Summary.size(1536)).isEqualTo("1.5 KB");
        assertThat(Summary.size(5L * 1024 * 1024 + 104_858)).isEqualTo("5.1 MB");
        assertThat(Summary.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
    }

    @Test
    void theArtifactsComeAfterTheJobsWithTheirSizeAndFile() {
        Artifact dist = new Artifact(
                7,
                "12",
                "dist",
                2048,
                "sha256:ab",
                "file:///tmp/state/artifacts/12/dist/artifact.zip",
                Instant.EPOCH,
                Instant.EPOCH);
        Artifact web = new Artifact(
                8, "12", "coverage-report", 12, "sha256:cd", "https://ci.example/a/8", Instant.EPOCH, Instant.EPOCH);

        String table = Summary.table(
                List.of(run(Conclusion.SUCCESS, job("build", Conclusion.SUCCESS))),
                List.of(),
                new Style(false),
                List.of(web, dist));

        assertThat(table)
                .contains("\nArtifacts\n"
                        + "  coverage-report  12 B       https://ci.example/a/8\n"
                        + "  dist             2.0 KB     /tmp/state/artifacts/12/dist/artifact.zip\n");
        assertThat(table.indexOf("build ")).isLessThan(table.indexOf("Artifacts"));
        assertThat(table.indexOf("Artifacts")).isLessThan(table.indexOf("✓ Run succeeded"));
        assertThat(Summary.table(List.of(run(Conclusion.SUCCESS)), new Style(false)))
                .doesNotContain("Artifacts");
    }

    @Test
    void aRunWhoseFailedJobWasAllowedToFailSucceeds() {
        // continue-on-error: true on the failed job; the run's conclusion is success, as on GitHub
        String table = Summary.table(
                List.of(run(Conclusion.SUCCESS, job("build", Conclusion.SUCCESS), job("flaky", Conclusion.FAILURE))),
                new Style(false));
        assertThat(table)
                .contains("✓ Run succeeded")
                .contains("1 succeeded, 1 failed")
                .doesNotContain("Run failed");
    }

    @Test
    void aFailedRunSaysSo() {
        String table = Summary.table(
                List.of(
                        run(Conclusion.SUCCESS, job("a", Conclusion.SUCCESS)),
                        run(Conclusion.FAILURE, job("b", Conclusion.FAILURE))),
                new Style(false));
        assertThat(table).contains("✗ Run failed").doesNotContain("Run succeeded");
        assertThat(Summary.table(List.of(run(Conclusion.CANCELLED, job("c", Conclusion.CANCELLED))), new Style(false)))
                .contains("Run cancelled");
    }

    @Test
    void theOverallOutcomeIsAFailureBeforeACancellationWhateverTheRunsOrder() {
        RunResult cancelled = run(Conclusion.CANCELLED, job("c", Conclusion.CANCELLED));
        RunResult failed = run(Conclusion.FAILURE, job("f", Conclusion.FAILURE));
        RunResult ok = run(Conclusion.SUCCESS, job("s", Conclusion.SUCCESS));
        assertThat(Summary.overall(List.of(cancelled, failed))).isEqualTo(Conclusion.FAILURE);
        assertThat(Summary.overall(List.of(failed, cancelled))).isEqualTo(Conclusion.FAILURE);
        assertThat(Summary.overall(List.of(ok, cancelled))).isEqualTo(Conclusion.CANCELLED);
        assertThat(Summary.overall(List.of(ok, ok))).isEqualTo(Conclusion.SUCCESS);
        assertThat(Summary.table(List.of(cancelled, failed), new Style(false))).contains("✗ Run failed");
    }

    @Test
    void runsWhoseEveryJobWasSkippedAreSkippedAndASkippedRunBesideAnotherDoesNotCount() {
        RunResult skipped = run(Conclusion.SKIPPED, job("deploy", Conclusion.SKIPPED));
        RunResult ok = run(Conclusion.SUCCESS, job("s", Conclusion.SUCCESS));
        assertThat(Summary.overall(List.of(skipped, skipped))).isEqualTo(Conclusion.SKIPPED);
        assertThat(Summary.overall(List.of(skipped, ok))).isEqualTo(Conclusion.SUCCESS);
        assertThat(Summary.table(List.of(skipped), new Style(false)))
                .contains("Run skipped: no job's if held")
                .doesNotContain("Run succeeded");
    }

    @Test
    void aJobFailureThatIsAlsoAnErrorAnnotationIsListedOnce() {
        JobResult failed = new JobResult(
                Conclusion.FAILURE,
                Map.of(),
                List.of(),
                Optional.of("no container engine answers"),
                "",
                List.of(Annotation.of(Annotation.Level.ERROR, "no container engine answers", "Set up job")));
        String table = Summary.table(
                List.of(new RunResult(
                        Conclusion.FAILURE,
                        List.of(new RunResult.Finished(ref("c"), failed, Duration.ofMillis(3))),
                        Duration.ofMillis(3))),
                new Style(false));
        assertThat(table.split("no container engine answers", -1)).hasSize(2);
    }

    @Test
    void severalWorkflowsNameEachJobAfterItsWorkflowInRowsAndNotes() {
        String table = Summary.table(
                List.of(
                        run(Conclusion.SUCCESS, job("image", Conclusion.SUCCESS)),
                        run(Conclusion.FAILURE, job("image", Conclusion.FAILURE))),
                List.of("ci-docker / ", "ci-podman / "),
                new Style(false),
                List.of());
        assertThat(table)
                .contains("ci-docker / image", "ci-podman / image")
                .containsPattern("(?m)^✗ ci-podman / image: ");
    }

    @Test
    void theEnvironmentsTheJobsDeployedToAreListedWithTheirUrl() {
        var deploy = job("deploy", Conclusion.SUCCESS);
        var deployed = new RunResult.Finished(
                deploy.job(),
                deploy.result()
                        .withEnvironment(
                                Optional.of(new JobEnvironment("staging", Optional.of("http://staging.local"), true))),
                deploy.duration());
        var table = Summary.table(
                List.of(run(Conclusion.SUCCESS, job("build", Conclusion.SUCCESS), deployed)),
                List.of(),
                new Style(false),
                List.of());
        assertThat(table).contains("Environments\n  deploy → staging http://staging.local\n");
    }

    private static RunResult run(Conclusion conclusion, RunResult.Finished... jobs) {
        return new RunResult(conclusion, List.of(jobs), Duration.ofMillis(5));
    }

    private static RunResult.Finished job(String name, Conclusion conclusion) {
        JobResult result = new JobResult(
                conclusion,
                Map.of(),
                List.of(),
                conclusion == Conclusion.FAILURE ? Optional.of(name + " broke") : Optional.empty(),
                "",
                List.of());
        return new RunResult.Finished(ref(name), result, Duration.ofMillis(2));
    }

    private static JobRef ref(String name) {
        return new JobRef(name, name, name, new Value.Obj(Map.of()), ".github/workflows/ci.yml");
    }
}
