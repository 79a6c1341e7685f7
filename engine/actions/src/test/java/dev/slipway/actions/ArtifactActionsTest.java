package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactActionsTest {
    @TempDir
    Path tmp;

    Path workspace;
    Calls calls;
    LocalArtifactStore store;
    Builtins builtins;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(tmp.resolve("ws"));
        calls = new Calls(workspace, tmp);
        calls.env.put("RUNNER_TEMP", tmp.resolve("temp").toString());
        store = LocalArtifactStore.of(tmp.resolve("artifacts"));
        builtins = Builtins.standard(store, LocalCacheStore.of(tmp.resolve("caches")));
        write("build/out/app.jar", "jar");
        write("build/out/lib/dep.jar", "dep");
        write("build/out/notes.txt", "notes");
        write("build/out/.secret", "hidden");
        write("build/reports/report.html", "report");
    }

    private void write(String path, String content) throws Exception {
        Path file = workspace.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private BuiltinResult upload(Map<String, String> inputs) {
        return builtins.find("actions/upload-artifact@v4").orElseThrow().main(calls.call(inputs));
    }

    private BuiltinResult download(Map<String, String> inputs) {
        return builtins.find("actions/download-artifact@v4").orElseThrow().main(calls.call(inputs));
    }

    @Test
    void globsAndExcludesRoundTripRelativeToSearchPath() throws Exception {
        BuiltinResult up = upload(Map.of("name", "dist", "path", "build/out/**/*.jar\n!build/out/lib/**"));
        assertThat(up.success()).as(up.error().orElse("")).isTrue();
        assertThat(up.outputs()).containsKeys("artifact-id", "artifact-url");
        assertThat(up.outputs().get("artifact-digest"))
                .isEqualTo(store.find("100", "dist").orElseThrow().digest().substring(7));

        BuiltinResult down = download(Map.of("name", "dist", "path", "got"));

        assertThat(down.outputs())
                .containsEntry("download-path", workspace.resolve("got").toString());
        assertThat(workspace.resolve("got/app.jar")).hasContent("jar");
        assertThat(workspace.resolve("got/lib")).doesNotExist();
    }

    @Test
    void multiplePathsUseLeastCommonAncestorAsRoot() {
        upload(Map.of("path", "build/out/app.jar\nbuild/reports/"));

        download(Map.of("name", "artifact", "path", "got"));

        assertThat(workspace.resolve("got/out/app.jar")).exists();
        assertThat(workspace.resolve("got/reports/report.html")).exists();
    }

    @Test
    void singleFileIsStoredWithoutItsDirectories() {
        upload(Map.of("name", "one", "path", "build/out/notes.txt"));

        download(Map.of("name", "one"));

        assertThat(workspace.resolve("notes.txt")).hasContent("notes");
    }

    @Test
    void hiddenFilesAreExcludedUnlessAsked() {
        upload(Map.of("name", "plain", "path", "build/out"));
        upload(Map.of("name", "all", "path", "build/out", "include-hidden-files", "true"));

        download(Map.of("name", "plain", "path", "plain"));
        download(Map.of("name", "all", "path", "all"));

        assertThat(workspace.resolve("plain/app.jar")).exists();
        assertThat(workspace.resolve("plain/.secret")).doesNotExist();
        assertThat(workspace.resolve("all/.secret")).hasContent("hidden");
    }

    @Test
    void noFilesFoundWarnsErrorsOrIgnores() {
        BuiltinResult warn = upload(Map.of("path", "nothing/*"));
        BuiltinResult error = upload(Map.of("path", "nothing/*", "if-no-files-found", "error"));
        BuiltinResult ignore = upload(Map.of("path", "nothing/*", "if-no-files-found", "ignore"));

        assertThat(warn.success()).isTrue();
        assertThat(calls.log).anyMatch(l -> l.startsWith("::warning::No files were found"));
        assertThat(error.success()).isFalse();
        assertThat(error.error()).get().asString().contains("No files were found");
        assertThat(ignore.success()).isTrue();
        assertThat(ignore.outputs()).isEmpty();
    }

    @Test
    void sameNameTwiceFailsUnlessOverwrite() throws Exception {
        assertThat(upload(Map.of("name", "x", "path", "build/out/app.jar")).success())
                .isTrue();

        BuiltinResult again = upload(Map.of("name", "x", "path", "build/out/notes.txt"));
        BuiltinResult overwrite = upload(Map.of("name", "x", "path", "build/out/notes.txt", "overwrite", "true"));

        assertThat(again.success()).isFalse();
        assertThat(again.error()).get().asString().contains("already exists");
        assertThat(overwrite.success()).isTrue();
        download(Map.of("name", "x", "path", "got"));
        assertThat(workspace.resolve("got/notes.txt")).exists();
        assertThat(workspace.resolve("got/app.jar")).doesNotExist();
        assertThat(store.list("100")).hasSize(1);
    }

    @Test
    void patternDownloadsIntoSubdirectoriesOrMerged() {
        upload(Map.of("name", "logs-a", "path", "build/out/app.jar"));
        upload(Map.of("name", "logs-b", "path", "build/reports/report.html"));
        upload(Map.of("name", "other", "path", "build/out/notes.txt"));

        download(Map.of("pattern", "logs-*", "path", "split"));
        download(Map.of("pattern", "logs-*", "path", "merged", "merge-multiple", "true"));

        assertThat(workspace.resolve("split/logs-a/app.jar")).exists();
        assertThat(workspace.resolve("split/logs-b/report.html")).exists();
        assertThat(workspace.resolve("split/other")).doesNotExist();
        assertThat(workspace.resolve("merged/app.jar")).exists();
        assertThat(workspace.resolve("merged/report.html")).exists();
    }

    @Test
    void unknownNameFailsListingAvailableArtifacts() {
        upload(Map.of("name", "dist", "path", "build/out/app.jar"));

        BuiltinResult result = download(Map.of("name", "nope"));

        assertThat(result.success()).isFalse();
        assertThat(result.error()).get().asString().contains("nope", "available: dist");
    }

    @Test
    void runIdDownloadsFromAnotherRun() {
        upload(Map.of("name", "dist", "path", "build/out/app.jar"));
        calls.env.put("GITHUB_RUN_ID", "101");

        BuiltinResult missing = download(Map.of("name", "dist", "path", "a"));
        BuiltinResult other = download(Map.of("name", "dist", "path", "b", "run-id", "100"));

        assertThat(missing.success()).isFalse();
        assertThat(other.success()).isTrue();
        assertThat(workspace.resolve("b/app.jar")).exists();
    }

    @Test
    void invalidNameIsRejected() {
        assertThat(upload(Map.of("name", "a/b", "path", "build")).success()).isFalse();
    }
}
