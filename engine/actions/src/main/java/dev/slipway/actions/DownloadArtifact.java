package dev.slipway.actions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code actions/download-artifact} (v4): one artifact by {@code name} into {@code path}, or all artifacts matching
 * {@code pattern} each into {@code path/<name>} (or all into {@code path} with {@code merge-multiple}).
 */
final class DownloadArtifact implements BuiltinAction {
    /** The real action's inputs, in all its versions (a name none has draws a warning, as on GitHub). */
    private static final java.util.Set<String> INPUTS = java.util.Set.of(
            "name",
            "artifact-ids",
            "path",
            "pattern",
            "merge-multiple",
            "github-token",
            "repository",
            "run-id",
            "skip-decompress",
            "digest-mismatch");

    private final ArtifactStore store;

    DownloadArtifact(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public String ref() {
        return "actions/download-artifact";
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
        } catch (IOException e) {
            return BuiltinResult.failure("download-artifact failed: " + e.getMessage());
        }
    }

    private BuiltinResult run(BuiltinCall call) throws IOException {
        Path workspace = call.workspace().toAbsolutePath();
        Path target = resolvePath(call, workspace);
        String runId = call.input("run-id").orElse(call.envVar("GITHUB_RUN_ID").orElse("local"));
        List<Artifact> available = store.list(runId);
        Optional<String> name = call.input("name");
        if (name.isPresent()) {
            Optional<Artifact> artifact =
                    available.stream().filter(a -> a.name().equals(name.get())).findFirst();
            if (artifact.isEmpty()) {
                return BuiltinResult.failure("Artifact '" + name.get() + "' not found in run " + runId
                        + "; available: "
                        + (available.isEmpty()
                                ? "none"
                                : String.join(
                                        ", ",
                                        available.stream().map(Artifact::name).toList())));
            }
            extract(call, artifact.get(), target);
            return BuiltinResult.ok(Map.of("download-path", target.toString()));
        }
        Optional<Pattern> pattern = call.input("pattern").map(p -> Pattern.compile(Globs.regex(p)));
        boolean merge = call.flag("merge-multiple", false);
        List<Artifact> selected = available.stream()
                .filter(a -> pattern.map(p -> p.matcher(a.name()).matches()).orElse(true))
                .toList();
        if (selected.isEmpty()) {
            call.log()
                    .accept("No artifacts found in run " + runId
                            + call.input("pattern")
                                    .map(p -> " matching '" + p + "'")
                                    .orElse(""));
        }
        for (Artifact artifact : selected) {
            extract(call, artifact, merge ? target : target.resolve(artifact.name()));
        }
        return BuiltinResult.ok(Map.of("download-path", target.toString()));
    }

    private void extract(BuiltinCall call, Artifact artifact, Path into) throws IOException {
        try (InputStream in = store.open(artifact)) {
            int files = Zips.extract(in, into);
            call.log().accept("Artifact " + artifact.name() + " (" + files + " files) downloaded to " + into);
        }
    }

    private static Path resolvePath(BuiltinCall call, Path workspace) {
        String path = call.input("path", ".");
        Optional<Path> home = UploadArtifact.home(call);
        if ((path.equals("~") || path.startsWith("~/")) && home.isPresent()) {
            path = home.get() + path.substring(1);
        }
        return workspace.resolve(path).normalize();
    }
}
