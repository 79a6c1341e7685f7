package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionSourceTest {
    @TempDir
    Path tmp;

    private static ActionRef ref(String uses) {
        return ActionRef.parse(uses).orElseThrow();
    }

    private TestRepo actionRepo(Path dir) {
        TestRepo repo = TestRepo.init(dir);
        repo.file("action.yml", "name: v1\nruns:\n  using: node20\n  main: index.js\n")
                .executable("run.sh", "#!/bin/sh\n")
                .file("sub/action.yaml", "name: sub\n")
                .commit("v1");
        repo.tag("v1");
        repo.file("action.yml", "name: v2\n").commit("v2");
        repo.tag("v2");
        return repo;
    }

    @Test
    void directoryWithRefFolderIsUsedAsIs() throws Exception {
        Path pinned = Files.createDirectories(tmp.resolve("actions/acme/setup@v3"));
        Files.writeString(pinned.resolve("action.yml"), "name: pinned\n");
        ActionSource source = ActionSource.of(List.of(tmp.resolve("actions").toString()), tmp.resolve("cache"));

        assertThat(source.resolve(ref("Acme/Setup@v3"))).contains(pinned);
    }

    @Test
    void aRepositoryMissingAnObjectIsNamedWithWhatItMeans() throws Exception {
        try (TestRepo repo = actionRepo(tmp.resolve("actions/acme/tool"))) {
            var blob = new org.eclipse.jgit.lib.ObjectInserter.Formatter()
                    .idFor(
                            org.eclipse.jgit.lib.Constants.OBJ_BLOB,
                            "name: v2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.delete(repo.gitDir()
                    .resolve("objects/" + blob.name().substring(0, 2) + "/"
                            + blob.name().substring(2)));
            ActionSource source = ActionSource.of(List.of(tmp.resolve("actions").toString()), tmp.resolve("cache"));

            assertThatThrownBy(() -> source.resolve(ref("acme/tool@v2")))
                    .isInstanceOf(ActionException.class)
                    .hasMessage("action acme/tool@v2: cannot read git repository " + repo.dir() + ": object "
                            + blob.name() + " is missing from it: it is incomplete (damaged, or a partial or shallow"
                            + " copy); `git fsck` in it names what is missing");
        }
    }

    @Test
    void gitRepositoryDirectoryMaterializesTagAndSha() throws Exception {
        try (TestRepo repo = actionRepo(tmp.resolve("actions/acme/tool"))) {
            String v1 = repo.repository().resolve("v1^{commit}").name();
            ActionSource source = ActionSource.of(List.of(tmp.resolve("actions").toString()), tmp.resolve("cache"));

            Path byTag = source.resolve(ref("acme/tool@v1")).orElseThrow();
            Path bySha = source.resolve(ref("acme/tool@" + v1)).orElseThrow();
            Path latest = source.resolve(ref("acme/tool@main")).orElseThrow();
            Path sub = source.resolve(ref("acme/tool/sub@v1")).orElseThrow();

            assertThat(byTag).isEqualTo(bySha).isEqualTo(tmp.resolve("cache/acme/tool/" + v1));
            assertThat(byTag.resolve("action.yml")).content().startsWith("name: v1");
            assertThat(Files.isExecutable(byTag.resolve("run.sh"))).isTrue();
            assertThat(latest.resolve("action.yml")).hasContent("name: v2\n");
            assertThat(sub).isEqualTo(byTag.resolve("sub"));
            assertThat(byTag.resolve(".git")).doesNotExist();
        }
    }

    @Test
    void bareRepositoryDirectoryWorks() throws Exception {
        try (TestRepo repo = actionRepo(tmp.resolve("work"))) {
            repo.cloneBare(tmp.resolve("actions/acme/tool.git"));
            ActionSource source = ActionSource.of(List.of(tmp.resolve("actions").toString()), tmp.resolve("cache"));

            assertThat(source.resolve(ref("acme/tool@v2")).orElseThrow().resolve("action.yml"))
                    .hasContent("name: v2\n");
        }
    }

    @Test
    void fileUrlLocationIsClonedAndLaterLocationsAreTried() throws Exception {
        try (TestRepo repo = actionRepo(tmp.resolve("remote/acme/tool"))) {
            repo.cloneBare(tmp.resolve("remote-bare/acme/tool.git"));
            ActionSource source = ActionSource.of(
                    List.of(
                            tmp.resolve("empty").toString(),
                            tmp.resolve("remote-bare").toUri().toString()),
                    tmp.resolve("cache"));

            Path dir = source.resolve(ref("acme/tool@v1")).orElseThrow();

            assertThat(dir.resolve("action.yml")).content().startsWith("name: v1");
            assertThat(source.resolve(ref("acme/tool@v2")).orElseThrow().resolve("action.yml"))
                    .hasContent("name: v2\n");
        }
    }

    @Test
    void notFoundNamesActionAndEveryLocation() {
        ActionSource source = ActionSource.of(
                List.of(tmp.resolve("a").toString(), tmp.resolve("b").toUri().toString()), tmp.resolve("cache"));

        assertThatThrownBy(() -> source.require(ref("acme/missing@v1")))
                .isInstanceOf(ActionException.class)
                .hasMessageContaining("acme/missing@v1")
                .hasMessageContaining(tmp.resolve("a").toString())
                .hasMessageContaining(tmp.resolve("b").toUri().toString());
    }

    @Test
    void unknownRefInExistingRepositoryFails() {
        try (TestRepo repo = actionRepo(tmp.resolve("actions/acme/tool"))) {
            ActionSource source = ActionSource.of(List.of(tmp.resolve("actions").toString()), tmp.resolve("cache"));

            assertThatThrownBy(() -> source.resolve(ref("acme/tool@v9")))
                    .isInstanceOf(ActionException.class)
                    .hasMessageContaining("acme/tool@v9")
                    .hasMessageContaining("not found");
        }
    }

    @Test
    void missingActionFileFails() {
        try (TestRepo repo = actionRepo(tmp.resolve("actions/acme/tool"))) {
            ActionSource source = ActionSource.of(List.of(tmp.resolve("actions").toString()), tmp.resolve("cache"));

            assertThatThrownBy(() -> source.resolve(ref("acme/tool/nope@v1"))).hasMessageContaining("no action.yml");
        }
    }
}
