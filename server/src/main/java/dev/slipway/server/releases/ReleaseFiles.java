package dev.slipway.server.releases;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.NewAsset;
import dev.slipway.server.store.Release;
import dev.slipway.server.store.ReleaseAsset;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of release assets: files under {@code <data>/releases/<release id>/}, one row each in the store. A file
 * is complete and in place before its row is written and removed only after its row is deleted, so a listed asset can
 * always be downloaded; an upload that fails or is refused leaves neither (a crash between the two steps leaves an
 * unlisted file, never a listed asset without one).
 */
public final class ReleaseFiles {
    /** The largest asset, as on GitHub: 2 GiB. */
    public static final long MAX_SIZE = 2L * 1024 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseFiles.class);
    private static final String DIR = "releases";
    private final Database db;
    private final Path dataDir;

    /** Keeps the files under {@code dataDir}. */
    public ReleaseFiles(Database db, Path dataDir) {
        this.db = db;
        this.dataDir = dataDir.toAbsolutePath();
    }

    /** An upload larger than {@link #MAX_SIZE}; nothing was kept. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("an asset may hold at most " + MAX_SIZE + " bytes (2 GiB)");
        }
    }

    /**
     * Stores {@code body} as asset {@code name} of {@code release}.
     *
     * @throws dev.slipway.server.store.StoreException when the release has an asset of that name (nothing is kept)
     * @throws TooLarge when the body holds more than {@link #MAX_SIZE} bytes
     * @throws IOException when the body cannot be read or the file written (nothing is kept)
     */
    public ReleaseAsset upload(
            Release release,
            String name,
            Optional<String> label,
            String contentType,
            InputStream body,
            Optional<Long> uploaderId,
            Optional<String> uploaderLogin)
            throws IOException {
        var relative = DIR + "/" + release.id() + "/" + UUID.randomUUID();
        var target = dataDir.resolve(relative);
        Files.createDirectories(target.getParent());
        var staged = Files.createTempFile(target.getParent(), ".upload-", ".part");
        try {
            var digest = sha256();
            long size;
            try (var in = new DigestInputStream(body, digest);
                    var out = Files.newOutputStream(staged)) {
                size = copy(in, out);
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return db.releaseAssets()
                    .create(new NewAsset(
                            release.id(),
                            name,
                            label,
                            contentType,
                            size,
                            "sha256:" + HexFormat.of().formatHex(digest.digest()),
                            uploaderId,
                            relative,
                            uploaderLogin));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /** Opens the bytes of an asset. */
    public InputStream open(ReleaseAsset asset) throws IOException {
        return Files.newInputStream(dataDir.resolve(asset.path()));
    }

    /** Deletes an asset: its row, then its file. */
    public boolean delete(ReleaseAsset asset) {
        boolean deleted = db.releaseAssets().delete(asset.id());
        deleteFile(asset);
        return deleted;
    }

    /** Deletes a release: its row and its assets' rows, then their files. */
    public boolean delete(Release release) {
        var assets = db.releaseAssets().list(release.id());
        boolean deleted = db.releases().delete(release.id());
        assets.forEach(this::deleteFile);
        try {
            Files.deleteIfExists(dataDir.resolve(DIR + "/" + release.id()));
        } catch (IOException e) {
            LOG.debug("the directory of release {} stays: {}", release.id(), e.toString());
        }
        return deleted;
    }

    private void deleteFile(ReleaseAsset asset) {
        try {
            Files.deleteIfExists(dataDir.resolve(asset.path()));
        } catch (IOException e) {
            LOG.warn("cannot delete the file of release asset {}: {}", asset.id(), e.toString());
        }
    }

    private static long copy(InputStream in, OutputStream out) throws IOException {
        var buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > MAX_SIZE) {
                throw new TooLarge();
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
