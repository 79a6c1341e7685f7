package dev.slipway.actions;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A {@link CacheStore} in a local directory: {@code <root>/<repository>/<scope>/<key+version>/} holding the archive
 * and its metadata (directory names are digests, so any key is safe). Saves are staged and renamed into place; a
 * rename onto an existing entry fails, so of concurrent saves of one key exactly one wins.
 */
public final class LocalCacheStore implements CacheStore {
    private static final String ARCHIVE = "cache.archive";
    private static final String META = "cache.properties";
    private final Path root;

    private LocalCacheStore(Path root) {
        this.root = root;
    }

    /** A store under {@code root} (created if missing). */
    public static LocalCacheStore of(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create cache store " + root, e);
        }
        return new LocalCacheStore(root.toAbsolutePath());
    }

    @Override
    public Optional<CacheEntry> find(String repository, List<String> scopes, String version, List<String> keys)
            throws IOException {
        for (String scope : scopes) {
            List<CacheEntry> entries = entries(repository, scope, version);
            for (String key : keys) {
                Optional<CacheEntry> exact =
                        entries.stream().filter(e -> e.key().equals(key)).findFirst();
                if (exact.isPresent()) {
                    return exact;
                }
                Optional<CacheEntry> prefix = entries.stream()
                        .filter(e -> e.key().startsWith(key))
                        .max(Comparator.comparing(CacheEntry::created));
                if (prefix.isPresent()) {
                    return prefix;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<CacheEntry> save(String repository, String scope, String key, String version, Path archive)
            throws IOException {
        Path scopeDir = Files.createDirectories(scopeDir(repository, scope));
        Path target = scopeDir.resolve(FileTrees.sha256(key + "\n" + version));
        if (Files.exists(target)) {
            return Optional.empty();
        }
        Path staging = Files.createTempDirectory(scopeDir, ".save-");
        Files.copy(archive, staging.resolve(ARCHIVE));
        CacheEntry entry = new CacheEntry(repository, scope, key, version, Files.size(archive), Instant.now());
        Properties p = new Properties();
        p.setProperty("repository", repository);
        p.setProperty("scope", scope);
        p.setProperty("key", key);
        p.setProperty("version", version);
        p.setProperty("size", Long.toString(entry.size()));
        p.setProperty("created", entry.created().toString());
        try (Writer w = Files.newBufferedWriter(staging.resolve(META), StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        return FileTrees.publish(staging, target) ? Optional.of(entry) : Optional.empty();
    }

    @Override
    public InputStream open(CacheEntry entry) throws IOException {
        return Files.newInputStream(scopeDir(entry.repository(), entry.scope())
                .resolve(FileTrees.sha256(entry.key() + "\n" + entry.version()))
                .resolve(ARCHIVE));
    }

    private Path scopeDir(String repository, String scope) {
        return root.resolve(FileTrees.safeName(repository)).resolve(FileTrees.safeName(scope));
    }

    private List<CacheEntry> entries(String repository, String scope, String version) throws IOException {
        Path dir = scopeDir(repository, scope);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<CacheEntry> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                Path meta = child.resolve(META);
                if (child.getFileName().toString().startsWith(".") || !Files.exists(meta)) {
                    continue;
                }
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                    p.load(r);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (p.getProperty("version").equals(version)) {
                    out.add(new CacheEntry(
                            p.getProperty("repository"),
                            p.getProperty("scope"),
                            p.getProperty("key"),
                            version,
                            Long.parseLong(p.getProperty("size")),
                            Instant.parse(p.getProperty("created"))));
                }
            }
        }
        return out;
    }
}
