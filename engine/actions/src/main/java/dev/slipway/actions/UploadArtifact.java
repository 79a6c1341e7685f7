package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code actions/upload-artifact} with v4 semantics: one immutable zip per name and run. */
final class UploadArtifact implements BuiltinAction {
    /** The real action's inputs, in all its versions (a name none has draws a warning, as on GitHub). */
    private static final java.util.Set<String> INPUTS = java.util.Set.of(
            "name",
            "path",
            "if-no-files-found",
            "retention-days",
            "compression-level",
            "overwrite",
            "include-hidden-files",
            "archive");

    private static final String FORBIDDEN = "\":<>|*?\r\n\\/";
    private final ArtifactStore store;

    UploadArtifact(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public String ref() {
        return "actions/upload-artifact";
    }

    @Override
    public java.util.Set<String> inputs() {
        return INPUTS;
    }

    @Override
    public BuiltinResult main(BuiltinCall call) {
        try {
            return run(call);
        } catch (IllegalArgumentException e) {
            return BuiltinResult.failure(e.getMessage());
        } catch (IOException | java.io.UncheckedIOException e) {
            return BuiltinResult.failure("upload-artifact failed: " + e.getMessage());
        }
    }

    private BuiltinResult run(BuiltinCall call) throws IOException {
        String name = call.input("name", "artifact");
        for (char c : FORBIDDEN.toCharArray()) {
            if (name.indexOf(c) >= 0) {
                return BuiltinResult.failure("artifact name '" + name + "' contains a forbidden character: "
                        + "\" : < > | * ? \\r \\n \\ /");
            }
        }
        String paths = call.input("path")
                .orElseThrow(() -> new IllegalArgumentException("input 'path' is required for upload-artifact"));
        String ifNoFiles = call.input("if-no-files-found", "warn");
        if (!List.of("warn", "error", "ignore").contains(ifNoFiles)) {
            return BuiltinResult.failure("if-no-files-found must be warn, error or ignore, got '" + ifNoFiles + "'");
        }
        int retention = call.number("retention-days", 0);
        if (retention < 0 || retention > 90) {
            return BuiltinResult.failure("retention-days must be between 1 and 90 (0 for the default)");
        }
        int level = call.number("compression-level", 6);
        if (level < 0 || level > 9) {
            return BuiltinResult.failure("compression-level must be between 0 and 9");
        }
        boolean overwrite = call.flag("overwrite", false);
        boolean hidden = call.flag("include-hidden-files", false);

        Globs.Search search = Globs.search(paths, call.workspace().toAbsolutePath(), home(call), hidden);
        List<Path> files = search.files();
        if (files.isEmpty()) {
            String message = "No files were found with the provided path: "
                    + paths.strip().replace("\n", ", ") + ". No artifacts will be uploaded.";
            return switch (ifNoFiles) {
                case "error" -> BuiltinResult.failure(message);
                case "warn" -> {
                    call.log().accept("::warning::" + message); // core.warning: an annotation
                    yield BuiltinResult.ok();
                }
                default -> {
                    call.log().accept(message);
                    yield BuiltinResult.ok();
                }
            };
        }
        String runId = call.envVar("GITHUB_RUN_ID").orElse("local");
        if (!overwrite && store.find(runId, name).isPresent()) {
            return BuiltinResult.failure(conflict(name));
        }
        call.log()
                .accept("With the provided path, there will be " + files.size() + " file(s) uploaded, root "
                        + search.root());
        Path zip = Files.createTempFile(tempDir(call), "artifact-", ".zip");
        try {
            Zips.write(zip, search.root(), files, level);
            Artifact artifact = store.upload(runId, name, zip, retention == 0 ? 90 : retention, overwrite);
            call.log()
                    .accept("Artifact " + name + " uploaded, id " + artifact.id() + ", " + artifact.size()
                            + " bytes, digest " + artifact.digest());
            return BuiltinResult.ok(Map.of(
                    "artifact-id", Long.toString(artifact.id()),
                    "artifact-url", artifact.url(),
                    "artifact-digest", artifact.digest().substring("sha256:".length())));
        } catch (FileAlreadyExistsException e) {
            return BuiltinResult.failure(conflict(name));
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private static String conflict(String name) {
        return "an artifact named '" + name + "' already exists in this run; set overwrite: true to replace it";
    }

    static Optional<Path> home(BuiltinCall call) {
        return call.envVar("HOME").map(Path::of);
    }

    static Path tempDir(BuiltinCall call) throws IOException {
        Optional<String> temp = call.envVar("RUNNER_TEMP");
        return temp.isPresent()
                ? Files.createDirectories(Path.of(temp.get()))
                : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
