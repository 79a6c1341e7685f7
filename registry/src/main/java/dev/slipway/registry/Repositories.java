package dev.slipway.registry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Per-repository metadata, one small file per fact, written atomically:
 *
 * <pre>
 * repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;                      digest
 * repositories/&lt;name&gt;/_manifests/revisions/&lt;alg&gt;/&lt;hex&gt;          media type
 * repositories/&lt;name&gt;/_layers/&lt;alg&gt;/&lt;hex&gt;                      (empty) blob linked to the repository
 * repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;subject hex&gt;/&lt;alg&gt;-&lt;hex&gt;   referrer descriptor JSON
 * </pre>
 *
 * Name components never start with {@code _}, so these directories cannot collide with nested repositories. Every
 * change is on disk when its method returns: files are written through {@link AtomicFiles}, and the directory of a
 * created or deleted name is forced.
 */
final class Repositories {
    private final Path root;
    private final AtomicFiles files;
    private final Disk disk;

    Repositories(Path root, AtomicFiles files, Disk disk) throws IOException {
        disk.createDirectories(root);
        this.root = root;
        this.files = files;
        this.disk = disk;
    }

    private Path repo(String name) {
        return root.resolve(Names.requireName(name));
    }

    private Path tagFile(String name, String tag) {
        return repo(name).resolve("_manifests").resolve("tags").resolve(Names.requireTag(tag));
    }

    private Path revision(String name, Digest digest) {
        return repo(name)
                .resolve("_manifests")
                .resolve("revisions")
                .resolve(digest.algorithm())
                .resolve(digest.hex());
    }

    private Path layer(String name, Digest digest) {
        return repo(name).resolve("_layers").resolve(digest.algorithm()).resolve(digest.hex());
    }

    private Path referrerDir(String name, Digest subject) {
        return repo(name).resolve("_referrers").resolve(subject.algorithm()).resolve(subject.hex());
    }

    // --- blobs linked to a repository

    /**
     * Creates the empty link file directly: it has no content a reader could see half-written or that needs forcing.
     * Its directory is forced even if the link was there, since the request that made it may still be forcing it.
     */
    void linkBlob(String name, Digest digest) throws IOException {
        Path link = layer(name, digest);
        try {
            Files.createFile(link);
        } catch (FileAlreadyExistsException e) {
            // linked before
        } catch (NoSuchFileException e) {
            disk.createDirectories(link.getParent());
            try {
                Files.createFile(link);
            } catch (FileAlreadyExistsException raced) {
                // linked meanwhile
            }
        }
        disk.forceDirectory(link.getParent());
    }

    boolean hasBlob(String name, Digest digest) {
        return Files.exists(layer(name, digest)) || Files.exists(revision(name, digest));
    }

    boolean unlinkBlob(String name, Digest digest) throws IOException {
        return delete(layer(name, digest));
    }

    // --- manifests

    void linkManifest(String name, Digest digest, String mediaType) throws IOException {
        files.writeString(revision(name, digest), mediaType);
    }

    /** The media type the manifest was pushed with, if this repository holds it. */
    Optional<String> manifestType(String name, Digest digest) throws IOException {
        return AtomicFiles.readString(revision(name, digest));
    }

    boolean unlinkManifest(String name, Digest digest) throws IOException {
        return delete(revision(name, digest));
    }

    List<Digest> manifests(String name) throws IOException {
        List<Digest> digests = new ArrayList<>();
        Path revisions = repo(name).resolve("_manifests").resolve("revisions");
        for (Path alg : list(revisions)) {
            for (Path file : list(alg)) {
                digests.add(new Digest(
                        alg.getFileName().toString(), file.getFileName().toString()));
            }
        }
        return digests;
    }

    // --- tags

    void tag(String name, String tag, Digest digest) throws IOException {
        files.writeString(tagFile(name, tag), digest.toString());
    }

    Optional<Digest> resolveTag(String name, String tag) throws IOException {
        return AtomicFiles.readString(tagFile(name, tag)).map(String::strip).map(Digest::parse);
    }

    boolean untag(String name, String tag) throws IOException {
        return delete(tagFile(name, tag));
    }

    /** Tags in lexical order. */
    List<String> tags(String name) throws IOException {
        return list(repo(name).resolve("_manifests").resolve("tags")).stream()
                .map(p -> p.getFileName().toString())
                .sorted()
                .toList();
    }

    List<String> tagsOf(String name, Digest digest) throws IOException {
        List<String> result = new ArrayList<>();
        for (String tag : tags(name)) {
            if (resolveTag(name, tag).filter(digest::equals).isPresent()) {
                result.add(tag);
            }
        }
        return result;
    }

    boolean exists(String name) {
        return Files.isDirectory(repo(name).resolve("_manifests"))
                || Files.isDirectory(repo(name).resolve("_layers"));
    }

    /** Every repository name, in lexical order; does not descend into the metadata directories. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String leaf = dir.getFileName().toString();
                if (leaf.startsWith("_")) {
                    if (leaf.equals("_manifests")) {
                        names.add(root.relativize(dir.getParent()).toString().replace('\\', '/'));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return names.stream().filter(Names::isValidName).sorted().toList();
    }

    /** Removes blob links whose blob is gone (after garbage collection). */
    void pruneBlobLinks(Predicate<Digest> exists) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String leaf = dir.getFileName().toString();
                if (leaf.equals("_layers")) {
                    for (Path alg : list(dir)) {
                        for (Path link : list(alg)) {
                            Digest digest = new Digest(
                                    alg.getFileName().toString(),
                                    link.getFileName().toString());
                            if (!exists.test(digest)) {
                                Files.deleteIfExists(link);
                            }
                        }
                    }
                }
                return leaf.startsWith("_") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }
        });
    }

    // --- referrers

    void addReferrer(String name, Digest subject, Digest referrer, byte[] descriptorJson) throws IOException {
        files.write(referrerDir(name, subject).resolve(referrer.algorithm() + "-" + referrer.hex()), descriptorJson);
    }

    void removeReferrer(String name, Digest subject, Digest referrer) throws IOException {
        delete(referrerDir(name, subject).resolve(referrer.algorithm() + "-" + referrer.hex()));
    }

    /** Descriptor documents of the manifests whose subject is {@code subject}, in a stable order. */
    List<byte[]> referrers(String name, Digest subject) throws IOException {
        List<byte[]> result = new ArrayList<>();
        for (Path file : list(referrerDir(name, subject))) {
            try {
                result.add(Files.readAllBytes(file));
            } catch (NoSuchFileException e) {
                // removed meanwhile
            }
        }
        return result;
    }

    /** Deletes a file and forces its directory, so an acknowledged deletion is not undone by a crash. */
    private boolean delete(Path file) throws IOException {
        if (!Files.deleteIfExists(file)) {
            return false;
        }
        disk.forceDirectory(file.getParent());
        return true;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }
}
