package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Called as {@code actions/<action>@<ref>}: the runtime passes the ref as {@code GITHUB_ACTION_REF}. */
    private BuiltinResult call(String action, String ref, Map<String, String> inputs) {
        calls.env.put("GITHUB_ACTION_REF", ref);
        try {
            return builtins.find("actions/" + action + "@" + ref).orElseThrow().main(calls.call(inputs));
        } finally {
            calls.env.remove("GITHUB_ACTION_REF");
        }
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

    @Test
    void fromV5OneArtifactFoundByPatternOrIdGoesIntoThePathItself() throws Exception {
        upload(Map.of("name", "logs-a", "path", "build/out/app.jar"));
        upload(Map.of("name", "other", "path", "build/out/notes.txt"));
        String id = Long.toString(store.list("100").get(0).id());

        call("download-artifact", "v4", Map.of("pattern", "logs-*", "path", "v4"));
        call("download-artifact", "v4.3.0", Map.of("artifact-ids", id, "path", "v4ids"));
        call("download-artifact", "v5", Map.of("pattern", "logs-*", "path", "v5"));
        BuiltinResult byId = call("download-artifact", "v8", Map.of("artifact-ids", id, "path", "v8ids"));

        assertThat(workspace.resolve("v4/logs-a/app.jar")).exists();
        assertThat(workspace.resolve("v4ids/logs-a/app.jar")).exists();
        assertThat(workspace.resolve("v5/app.jar")).exists();
        assertThat(workspace.resolve("v8ids/app.jar")).exists();
        assertThat(byId.outputs())
                .containsEntry("download-path", workspace.resolve("v8ids").toString());
        assertThat(workspace.resolve("v5/notes.txt")).doesNotExist();
    }

    @Test
    void artifactIdsAreCheckedAsTheRealActionChecksThem() throws Exception {
        upload(Map.of("name", "dist", "path", "build/out/app.jar"));
        upload(Map.of("name", "web", "path", "build/reports/"));
        List<Artifact> all = store.list("100");
        String ids = all.get(0).id() + ", " + all.get(1).id() + ", 999";

        BuiltinResult some = call("download-artifact", "v5", Map.of("artifact-ids", ids, "path", "got"));
        BuiltinResult both = call("download-artifact", "v5", Map.of("artifact-ids", ids, "name", "dist"));
        BuiltinResult bad = call("download-artifact", "v5", Map.of("artifact-ids", "12,x"));
        BuiltinResult none = call("download-artifact", "v5", Map.of("artifact-ids", "998, 999"));
        BuiltinResult empty = call("download-artifact", "v5", Map.of("artifact-ids", " , "));

        assertThat(some.success()).isTrue();
        assertThat(workspace.resolve("got/dist/app.jar")).exists();
        assertThat(workspace.resolve("got/web/report.html")).exists();
        assertThat(calls.log).contains("::warning::Could not find the following artifact IDs: 999");
        assertThat(both.error())
                .hasValue("Unable to download artifact(s): Inputs 'name' and 'artifact-ids' cannot be used together."
                        + " Please specify only one.");
        assertThat(bad.error()).hasValue("Unable to download artifact(s): Invalid artifact ID: 'x'. Must be a number.");
        assertThat(none.error())
                .hasValue("Unable to download artifact(s): None of the provided artifact IDs were found");
        assertThat(empty.success()).isFalse();
    }

    @Test
    void aDigestMismatchFailsFromV8AndWarnsBefore() throws Exception {
        upload(Map.of("name", "dist", "path", "build/out/app.jar"));
        Path stored = tmp.resolve("artifacts/100/dist/artifact.zip");
        byte[] zip = Files.readAllBytes(stored);
        zip[zip.length - 1] ^= 1; // the end of the central directory: the files still unpack
        Files.write(stored, zip);

        BuiltinResult v8 = call("download-artifact", "v8", Map.of("name", "dist", "path", "a"));
        BuiltinResult warn =
                call("download-artifact", "v8", Map.of("name", "dist", "path", "b", "digest-mismatch", "warn"));
        BuiltinResult v7 = call("download-artifact", "v7", Map.of("name", "dist", "path", "c"));
        BuiltinResult wrong = call("download-artifact", "v8", Map.of("name", "dist", "digest-mismatch", "loud"));

        assertThat(v8.error())
                .hasValue("Unable to download artifact(s): Digest validation failed for artifact(s): dist. Use"
                        + " 'digest-mismatch: warn' to continue on mismatch.");
        assertThat(warn.success()).isTrue();
        assertThat(v7.success()).isTrue();
        assertThat(calls.log)
                .filteredOn(l -> l.equals("::warning::Artifact 'dist' digest validation failed. Please verify the"
                        + " integrity of the artifact."))
                .hasSize(2);
        assertThat(wrong.error())
                .hasValue("Unable to download artifact(s): Invalid value for 'digest-mismatch': 'loud'. Valid options"
                        + " are: ignore, info, warn, error");
    }

    @Test
    void anIntactArtifactPassesTheDigestCheck() {
        upload(Map.of("name", "dist", "path", "build/out/"));

        BuiltinResult result = call("download-artifact", "v8", Map.of("name", "dist", "path", "got"));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(calls.log).noneMatch(l -> l.contains("digest validation failed"));
        assertThat(calls.log).contains("Total of 1 artifact(s) downloaded");
    }

    @Test
    void skipDecompressKeepsTheZipFromV8() throws Exception {
        upload(Map.of("name", "dist", "path", "build/out/app.jar"));

        call("download-artifact", "v8", Map.of("name", "dist", "path", "kept", "skip-decompress", "true"));
        call("download-artifact", "v7", Map.of("name", "dist", "path", "old", "skip-decompress", "true"));

        Path zip = workspace.resolve("kept/dist.zip");
        assertThat(zip).exists();
        assertThat(workspace.resolve("kept/app.jar")).doesNotExist();
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            assertThat(in.getNextEntry().getName()).isEqualTo("app.jar");
        }
        assertThat(workspace.resolve("old/app.jar")).exists();
    }

    @Test
    void archiveFalseKeepsOneFileAsItIsNamedAfterIt() throws Exception {
        BuiltinResult up = call(
                "upload-artifact", "v7", Map.of("name", "ignored", "path", "build/out/notes.txt", "archive", "false"));

        assertThat(up.success()).as(up.error().orElse("")).isTrue();
        Artifact stored = store.find("100", "notes.txt").orElseThrow();
        assertThat(stored.archived()).isFalse();
        assertThat(stored.size()).isEqualTo(5);
        assertThat(stored.digest()).isEqualTo("sha256:" + FileTrees.sha256("notes"));
        assertThat(up.outputs()).containsEntry("artifact-digest", FileTrees.sha256("notes"));
        assertThat(store.find("100", "ignored")).isEmpty();

        BuiltinResult down = call("download-artifact", "v8", Map.of("name", "notes.txt", "path", "got"));

        assertThat(down.success()).as(down.error().orElse("")).isTrue();
        assertThat(workspace.resolve("got/notes.txt")).hasContent("notes");
        assertThat(calls.log).contains("Downloading raw file (non-zip) to: " + workspace.resolve("got/notes.txt"));
    }

    @Test
    void archiveFalseTakesOneFileOnlyAndOnlyFromV7() throws Exception {
        BuiltinResult many = call("upload-artifact", "v7", Map.of("path", "build/out/", "archive", "false"));
        BuiltinResult v6 = call("upload-artifact", "v6", Map.of("path", "build/out/notes.txt", "archive", "false"));

        assertThat(many.error())
                .hasValue("When 'archive' is set to false, only a single file can be uploaded. Found 3 files to"
                        + " upload.");
        assertThat(v6.success()).isTrue();
        assertThat(store.find("100", "artifact").orElseThrow().archived()).isTrue();
        assertThat(calls.log).anyMatch(l -> l.startsWith("::warning::Unexpected input(s) 'archive'"));
    }
}
