package dev.slipway.actions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code actions/cache} (restore in main, save in post unless the primary key hit exactly) and the standalone
 * {@code actions/cache/restore} and {@code actions/cache/save}.
 */
final class CacheAction implements BuiltinAction {
    /** Which of the three actions this is. */
    enum Mode {
        FULL(
                "actions/cache",
                "path key restore-keys upload-chunk-size enableCrossOsArchive fail-on-cache-miss lookup-only save-always"),
        RESTORE("actions/cache/restore", "path key restore-keys enableCrossOsArchive fail-on-cache-miss lookup-only"),
        SAVE("actions/cache/save", "path key upload-chunk-size enableCrossOsArchive");

        private final String ref;
        /** The real action's inputs, in all its versions. */
        private final java.util.Set<String> inputs;

        Mode(String ref, String inputs) {
            this.ref = ref;
            this.inputs = java.util.Set.of(inputs.split(" "));
        }
    }

    static final String STATE_KEY = "CACHE_KEY";
    static final String STATE_MATCHED = "CACHE_RESULT";
    private static final String FORMAT = "slipway-cache-1";
    private final CacheStore store;
    private final Mode mode;

    CacheAction(CacheStore store, Mode mode) {
        this.store = store;
        this.mode = mode;
    }

    @Override
    public String ref() {
        return mode.ref;
    }

    @Override
    public java.util.Set<String> inputs() {
        return mode.inputs;
    }

    @Override
    public boolean hasPost() {
        return mode == Mode.FULL;
    }

    @Override
    public String postIf() {
        return "success()";
    }

    @Override
    public BuiltinResult main(BuiltinCall call) {
        return guard(() -> mode == Mode.SAVE ? save(call, key(call)) : restore(call));
    }

    @Override
    public BuiltinResult post(BuiltinCall call) {
        if (mode != Mode.FULL) {
            return BuiltinResult.ok();
        }
        return guard(() -> {
            String primary = Optional.ofNullable(call.state().get(STATE_KEY)).orElseGet(() -> key(call));
            String matched = call.state().getOrDefault(STATE_MATCHED, "");
            if (matched.equalsIgnoreCase(primary)) {
                call.log().accept("Cache hit occurred on the primary key " + primary + ", not saving cache.");
                return BuiltinResult.ok();
            }
            return save(call, primary);
        });
    }

    private BuiltinResult restore(BuiltinCall call) throws IOException {
        String primary = key(call);
        List<String> keys = new ArrayList<>();
        keys.add(primary);
        call.input("restore-keys")
                .ifPresent(r ->
                        r.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(keys::add));
        String paths = paths(call);
        CacheScope scope = scope(call);
        Optional<CacheEntry> entry = call.cache().restore()
                ? store.find(scope.repository(), scope.restoreFrom(), version(paths), keys)
                : Optional.empty();
        if (entry.isEmpty()) {
            String message = call.cache().restore()
                    ? "Cache not found for input keys: " + String.join(", ", keys)
                    : "Cache not restored: the job's cache-mode '"
                            + call.cache().mode() + "' allows no restores";
            Map<String, String> outputs = Map.of("cache-hit", "false", "cache-primary-key", primary);
            if (call.flag("fail-on-cache-miss", false)) {
                return BuiltinResult.failure(
                        "Failed to restore cache entry. Exiting as fail-on-cache-miss is set. " + message, outputs);
            }
            call.log().accept(message);
            return BuiltinResult.ok(outputs, Map.of(STATE_KEY, primary));
        }
        String matched = entry.get().key();
        boolean exact = matched.equalsIgnoreCase(primary);
        if (call.flag("lookup-only", false)) {
            call.log().accept("Cache found and can be restored from key: " + matched);
        } else {
            try (InputStream in = store.open(entry.get())) {
                int count = CacheArchive.extract(in, call.workspace().toAbsolutePath(), UploadArtifact.home(call));
                call.log()
                        .accept("Cache restored from key: " + matched + " (" + count + " entries, "
                                + entry.get().size() + " bytes, scope "
                                + entry.get().scope() + ")");
            }
        }
        return BuiltinResult.ok(
                Map.of(
                        "cache-hit",
                        Boolean.toString(exact),
                        "cache-primary-key",
                        primary,
                        "cache-matched-key",
                        matched),
                Map.of(STATE_KEY, primary, STATE_MATCHED, matched));
    }

    private BuiltinResult save(BuiltinCall call, String key) throws IOException {
        if (!call.cache().save()) {
            call.log()
                    .accept("Warning: Failed to save: the job's cache-mode '"
                            + call.cache().mode() + "' allows no saves (key " + key + ")");
            return BuiltinResult.ok();
        }
        String paths = paths(call);
        Path workspace = call.workspace().toAbsolutePath();
        Globs.Search search = Globs.search(paths, workspace, UploadArtifact.home(call), true);
        if (search.matches().isEmpty()) {
            call.log()
                    .accept("Warning: Path Validation Error: Path(s) specified in the action for caching do(es) not"
                            + " exist, hence no cache is being saved.");
            return BuiltinResult.ok();
        }
        Path archive = Files.createTempFile(UploadArtifact.tempDir(call), "cache-", ".archive");
        try {
            int count = CacheArchive.write(archive, search.matches(), workspace, UploadArtifact.home(call));
            CacheScope scope = scope(call);
            Optional<CacheEntry> saved = store.save(scope.repository(), scope.saveTo(), key, version(paths), archive);
            if (saved.isEmpty()) {
                call.log()
                        .accept("Warning: Failed to save: Unable to reserve cache with key " + key
                                + ", another job may be creating this cache.");
            } else {
                call.log()
                        .accept("Cache saved with key: " + key + " (" + count + " entries, "
                                + saved.get().size() + " bytes)");
            }
            return BuiltinResult.ok();
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    private static String key(BuiltinCall call) {
        String key = call.input("key").orElseThrow(() -> new IllegalArgumentException("input 'key' is required"));
        if (key.length() > 512) {
            throw new IllegalArgumentException(
                    "Key Validation Error: " + key + " cannot be larger than 512 characters.");
        }
        if (key.contains(",")) {
            throw new IllegalArgumentException("Key Validation Error: " + key + " cannot contain commas.");
        }
        return key;
    }

    private static String paths(BuiltinCall call) {
        return call.input("path").orElseThrow(() -> new IllegalArgumentException("input 'path' is required"));
    }

    /** Like GitHub's cache version: caches only match when saved for the same paths and archive format. */
    private static String version(String paths) {
        List<String> lines =
                paths.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        return FileTrees.sha256(String.join("|", lines) + "|" + FORMAT);
    }

    private static CacheScope scope(BuiltinCall call) {
        return CacheScope.of(call.env(), call.cache().defaultBranch());
    }

    private interface Body {
        BuiltinResult run() throws IOException;
    }

    private static BuiltinResult guard(Body body) {
        try {
            return body.run();
        } catch (IllegalArgumentException e) {
            return BuiltinResult.failure(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return BuiltinResult.failure("cache failed: " + e.getMessage());
        }
    }
}
