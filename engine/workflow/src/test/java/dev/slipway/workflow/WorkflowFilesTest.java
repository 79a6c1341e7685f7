package dev.slipway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowFilesTest {
    @TempDir
    Path repo;

    private Path write(String relative) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "on: push\n");
        return p;
    }

    @Test
    void findsYamlFilesOfBothDirectoriesSortedByNameWithSlipwayWinning() throws IOException {
        Path ci = write(".github/workflows/ci.yml");
        write(".github/workflows/release.yaml");
        Path release = write(".slipway/workflows/release.yaml");
        Path a = write(".slipway/workflows/a.yml");
        write(".github/workflows/README.md");
        write(".github/workflows/nested/deep.yml");
        assertThat(WorkflowFiles.discover(repo)).containsExactly(a, ci, release);
    }

    @Test
    void repositoryWithoutWorkflowsHasNone() {
        assertThat(WorkflowFiles.discover(repo)).isEmpty();
    }
}
