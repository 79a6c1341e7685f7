package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code actions/download-artifact} from v4 on: one artifact by {@code name} into {@code path}, artifacts by
 * {@code artifact-ids}, or all artifacts (those matching {@code pattern}) each into {@code path/<name>}, or all into
 * {@code path} with {@code merge-multiple}. As the real action: from v5 on a download that finds one artifact puts it
 * into {@code path} itself; every artifact's digest is checked as it is read (v8's {@code digest-mismatch} says what a
 * mismatch does, before v8 a warning); a zip is unpacked and a file uploaded with {@code archive: false} written as it
 * is; v8's {@code skip-decompress} keeps the zip as {@code <name>.zip}.
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

    private static final List<String> MISMATCH = List.of("ignore", "info", "warn", "error");
    private static final String FAILED = "Unable to download artifact(s): ";

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
            return BuiltinResult.failure(FAILED + e.getMessage());
        } catch (IOException e) {
            return BuiltinResult.failure(FAILED + e.getMessage());
        }
    }

    private BuiltinResult run(BuiltinCall call) throws IOException {
        int version = call.refMajor().orElse(Integer.MAX_VALUE);
        String mismatch = version >= 8 ? call.input("digest-mismatch", "error") : "warn";
        if (!MISMATCH.contains(mismatch)) {
            throw new IllegalArgumentException("Invalid value for 'digest-mismatch': '" + mismatch
                    + "'. Valid options are: " + String.join(", ", MISMATCH));
        }
        boolean skipDecompress = version >= 8 && call.flag("skip-decompress", false);
        Optional<String> name = call.input("name");
        Optional<String> ids = call.input("artifact-ids");
        if (name.isPresent() && ids.isPresent()) {
            throw new IllegalArgumentException(
                    "Inputs 'name' and 'artifact-ids' cannot be used together. Please specify only one.");
        }
        Path target = resolvePath(call, call.workspace().toAbsolutePath());
        String runId = call.input("run-id").orElse(call.envVar("GITHUB_RUN_ID").orElse("local"));
        List<Artifact> available = store.list(runId);
        boolean merge = call.flag("merge-multiple", false);
        List<Artifact> selected;
        if (name.isPresent()) {
            call.log().accept("Downloading single artifact");
            selected = available.stream()
                    .filter(a -> a.name().equals(name.get()))
                    .limit(1)
                    .toList();
            if (selected.isEmpty()) {
                throw new IllegalArgumentException(
                        "Artifact '" + name.get() + "' not found in run " + runId + "; available: " + names(available));
            }
        } else if (ids.isPresent()) {
            call.log().accept("Downloading artifacts by ID");
            selected = byIds(call, ids.get(), available);
        } else {
            Optional<String> pattern = call.input("pattern");
            if (pattern.isPresent()) {
                call.log().accept("Filtering artifacts by pattern '" + pattern.get() + "'");
                Pattern glob = Pattern.compile(Globs.regex(pattern.get()));
                selected = available.stream()
                        .filter(a -> glob.matcher(a.name()).matches())
                        .toList();
            } else {
                call.log()
                        .accept("No input name, artifact-ids or pattern filtered specified, downloading all artifacts");
                selected = available;
            }
            if (selected.isEmpty()) {
                call.log()
                        .accept("No artifacts found in run " + runId
                                + pattern.map(p -> " matching '" + p + "'").orElse("") + "; available: "
                                + names(available));
            }
        }
        if (!selected.isEmpty()) {
            call.log().accept("Preparing to download the following artifacts:");
            for (Artifact a : selected) {
                call.log()
                        .accept("- " + a.name() + " (ID: " + a.id() + ", Size: " + a.size() + ", Expected Digest: "
                                + a.digest() + ")");
            }
        }
        // v4 put every artifact found by ids or pattern into a directory of its name; v5 puts a lone one into `path`
        boolean direct = name.isPresent() || merge || (version >= 5 && selected.size() == 1);
        List<String> mismatched = new ArrayList<>();
        for (Artifact artifact : selected) {
            if (!download(call, artifact, direct ? target : target.resolve(artifact.name()), skipDecompress)) {
                mismatched.add(artifact.name());
                String message = "Artifact '" + artifact.name()
                        + "' digest validation failed. Please verify the integrity of the artifact.";
                switch (mismatch) {
                    case "info" -> call.log().accept(message);
                    case "warn" -> call.log().accept("::warning::" + message);
                    default -> {} // ignore; error: all of them named below
                }
            }
        }
        if (!mismatched.isEmpty() && mismatch.equals("error")) {
            throw new IllegalArgumentException("Digest validation failed for artifact(s): "
                    + String.join(", ", mismatched) + ". Use 'digest-mismatch: warn' to continue on mismatch.");
        }
        call.log().accept("Total of " + selected.size() + " artifact(s) downloaded");
        return BuiltinResult.ok(Map.of("download-path", target.toString()));
    }

    /** The artifacts {@code ids} (comma-separated) names, with the real action's checks and messages. */
    private static List<Artifact> byIds(BuiltinCall call, String ids, List<Artifact> available) {
        List<Long> wanted = new ArrayList<>();
        for (String id : ids.split(",")) {
            String trimmed = id.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                wanted.add(Long.parseLong(trimmed));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid artifact ID: '" + trimmed + "'. Must be a number.", e);
            }
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("No valid artifact IDs provided in 'artifact-ids' input");
        }
        List<Artifact> found =
                available.stream().filter(a -> wanted.contains(a.id())).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("None of the provided artifact IDs were found");
        }
        List<String> missing = wanted.stream()
                .filter(id -> found.stream().noneMatch(a -> a.id() == id))
                .map(String::valueOf)
                .toList();
        if (!missing.isEmpty()) {
            call.log().accept("::warning::Could not find the following artifact IDs: " + String.join(", ", missing));
        }
        return found;
    }

    /** Writes {@code artifact} into {@code into}; whether what was read has the digest the store recorded. */
    private boolean download(BuiltinCall call, Artifact artifact, Path into, boolean skipDecompress)
            throws IOException {
        MessageDigest sha256 = FileTrees.sha256();
        try (DigestInputStream in = new DigestInputStream(store.open(artifact), sha256)) {
            if (artifact.archived() && !skipDecompress) {
                int files = Zips.extract(in, into);
                call.log().accept("Artifact " + artifact.name() + " (" + files + " files) downloaded to " + into);
            } else {
                Path file = Files.createDirectories(into).resolve(artifact.fileName());
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                call.log().accept("Downloading raw file (non-zip) to: " + file);
            }
        }
        return ("sha256:" + HexFormat.of().formatHex(sha256.digest())).equals(artifact.digest());
    }

    private static String names(List<Artifact> artifacts) {
        return artifacts.isEmpty()
                ? "none"
                : String.join(", ", artifacts.stream().map(Artifact::name).toList());
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
