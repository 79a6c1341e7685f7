package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code actions/upload-artifact} from v4 on: one immutable zip per name and run, or from v7 on with {@code archive:
 * false} one file as it is, named after the file.
 */
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
        Optional<BuiltinResult> invalid = invalid(name);
        if (invalid.isPresent()) {
            return invalid.get();
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
        boolean archive = archive(call);

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
        call.log()
                .accept("With the provided path, there will be " + files.size() + " file"
                        + (files.size() == 1 ? "" : "s") + " uploaded, root " + search.root());
        if (!archive && files.size() > 1) {
            return BuiltinResult.failure("When 'archive' is set to false, only a single file can be uploaded. Found "
                    + files.size() + " files to upload.");
        }
        if (!archive) { // the artifact is named after its file, whatever `name` says (as the real action does)
            name = files.get(0).getFileName().toString();
            invalid = invalid(name);
            if (invalid.isPresent()) {
                return invalid.get();
            }
        }
        String runId = call.envVar("GITHUB_RUN_ID").orElse("local");
        if (!overwrite && store.find(runId, name).isPresent()) {
            return BuiltinResult.failure(conflict(name));
        }
        Path zip = archive ? Files.createTempFile(tempDir(call), "artifact-", ".zip") : null;
        try {
            if (zip != null) {
                Zips.write(zip, search.root(), files, level);
            }
            Artifact artifact = store.upload(
                    runId, name, zip != null ? zip : files.get(0), retention == 0 ? 90 : retention, overwrite, archive);
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
            if (zip != null) {
                Files.deleteIfExists(zip);
            }
        }
    }

    /**
     * The {@code archive} input, which v7 added: before v7 the real action has no such input, so the runner warns and
     * the files are zipped all the same.
     */
    private static boolean archive(BuiltinCall call) {
        if (call.input("archive").isPresent() && call.refMajor().orElse(Integer.MAX_VALUE) < 7) {
            call.log()
                    .accept("::warning::Unexpected input(s) 'archive', valid inputs are ['name', 'path', "
                            + "'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', "
                            + "'include-hidden-files'] (archive: false needs actions/upload-artifact@v7)");
            return true;
        }
        return call.flag("archive", true);
    }

    private static Optional<BuiltinResult> invalid(String name) {
        for (char c : FORBIDDEN.toCharArray()) {
            if (name.indexOf(c) >= 0) {
                return Optional.of(BuiltinResult.failure(
                        "artifact name '" + name + "' contains a forbidden character: \" : < > | * ? \\r \\n \\ /"));
            }
        }
        return Optional.empty();
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
