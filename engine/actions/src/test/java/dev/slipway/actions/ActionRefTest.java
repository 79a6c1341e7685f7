package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionRefTest {
    @Test
    void parsesOwnerRepoPathAndRef() {
        assertThat(ActionRef.parse("actions/cache/restore@v4"))
                .contains(new ActionRef("actions", "cache", Optional.of("restore"), "v4"));
        assertThat(ActionRef.parse("Acme/Tool@feature/x"))
                .contains(new ActionRef("Acme", "Tool", Optional.empty(), "feature/x"));
    }

    @Test
    void rejectsLocalDockerAndMalformedReferences() {
        assertThat(ActionRef.parse("./local")).isEmpty();
        assertThat(ActionRef.parse("docker://alpine:3")).isEmpty();
        assertThat(ActionRef.parse("actions/checkout")).isEmpty();
        assertThat(ActionRef.parse("a/b/../../etc@v1")).isEmpty();
    }

    @TempDir
    Path tmp;

    @Test
    void builtinsAreFoundCaseInsensitivelyAtAnyRef() {
        Builtins builtins =
                Builtins.standard(LocalArtifactStore.of(tmp.resolve("a")), LocalCacheStore.of(tmp.resolve("c")));

        assertThat(builtins.find("Actions/Checkout@v4")).map(BuiltinAction::ref).contains("actions/checkout");
        assertThat(builtins.find("actions/cache/restore@main"))
                .map(BuiltinAction::ref)
                .contains("actions/cache/restore");
        assertThat(builtins.find("actions/cache@0123abc").map(BuiltinAction::hasPost))
                .contains(true);
        assertThat(builtins.find("actions/setup-java@v4").map(BuiltinAction::hostOnly))
                .contains(true);
        assertThat(builtins.find("actions/setup-dotnet@v4")).isEmpty();
        assertThat(builtins.refs())
                .containsExactly(
                        "actions/cache",
                        "actions/cache/restore",
                        "actions/cache/save",
                        "actions/checkout",
                        "actions/download-artifact",
                        "actions/setup-go",
                        "actions/setup-java",
                        "actions/setup-node",
                        "actions/setup-python",
                        "actions/upload-artifact");
    }

    @Test
    void reusableWorkflowsOfOtherRepositoriesAreFilesDirectlyInGithubWorkflows() {
        assertThat(ActionRef.parseWorkflow("acme/shared/.github/workflows/build.yml@v1"))
                .contains(new ActionRef("acme", "shared", Optional.of(".github/workflows/build.yml"), "v1"));
        assertThat(ActionRef.parseWorkflow("acme/shared/.github/workflows/b.yaml@0123abc")
                        .map(ActionRef::repository))
                .contains("acme/shared@0123abc");
        for (String not : List.of(
                "acme/shared/build.yml@v1",
                "acme/shared/.github/workflows/sub/build.yml@v1",
                "acme/shared/.github/workflows/build.json@v1",
                "acme/shared/.github/workflows/build.yml",
                "./.github/workflows/build.yml",
                "acme/shared@v1",
                "acme/shared/.github/workflows/../x.yml@v1",
                "acme/../.github/workflows/x.yml@v1")) {
            assertThat(ActionRef.parseWorkflow(not)).as(not).isEmpty();
        }
    }
}
