package dev.slipway.actions;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The cache archive: a gzip stream of entries (directory, file with permissions, or symlink). Paths inside the
 * workspace are stored relative to it, paths under the home directory as {@code ~/...}, others absolute, so a cache
 * restores into another workspace and {@code ~/.m2} keeps working.
 */
final class CacheArchive {
    private static final String MAGIC = "slipway-cache-1";
    private static final byte DIR = 'D';
    private static final byte FILE = 'F';
    private static final byte LINK = 'L';
    private static final byte END = 'E';

    private CacheArchive() {}

    /** Writes {@code paths} (already expanded: every directory and file to store) and returns the entry count. */
    static int write(Path archive, List<Path> paths, Path workspace, Optional<Path> home) throws IOException {
        int count = 0;
        try (OutputStream file = Files.newOutputStream(archive);
                DataOutputStream out = new DataOutputStream(new GZIPOutputStream(file, 65536))) {
            out.writeUTF(MAGIC);
            for (Path path : paths) {
                String name = encode(path, workspace, home);
                if (Files.isSymbolicLink(path)) {
                    out.writeByte(LINK);
                    out.writeUTF(name);
                    out.writeUTF(Files.readSymbolicLink(path).toString());
                } else if (Files.isDirectory(path)) {
                    out.writeByte(DIR);
                    out.writeUTF(name);
                } else if (Files.isRegularFile(path)) {
                    out.writeByte(FILE);
                    out.writeUTF(name);
                    out.writeUTF(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
                    out.writeLong(Files.size(path));
                    long copied = Files.copy(path, out);
                    if (copied != Files.size(path)) {
                        throw new IOException("file changed while archiving: " + path);
                    }
                } else {
                    continue;
                }
                count++;
            }
            out.writeByte(END);
        }
        return count;
    }

    /** Restores the archive, overwriting existing files; returns the entry count. */
    static int extract(InputStream in, Path workspace, Optional<Path> home) throws IOException {
        int count = 0;
        try (DataInputStream data = new DataInputStream(new GZIPInputStream(in, 65536))) {
            if (!data.readUTF().equals(MAGIC)) {
                throw new IOException("not a slipway cache archive");
            }
            for (byte type; (type = data.readByte()) != END; count++) {
                Path path = decode(data.readUTF(), workspace, home);
                switch (type) {
                    case DIR -> Files.createDirectories(path);
                    case LINK -> {
                        Path target = Path.of(data.readUTF());
                        Files.createDirectories(path.getParent());
                        Files.deleteIfExists(path);
                        Files.createSymbolicLink(path, target);
                    }
                    case FILE -> {
                        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(data.readUTF());
                        long size = data.readLong();
                        Files.createDirectories(path.getParent());
                        if (Files.isSymbolicLink(path)) {
                            Files.delete(path);
                        }
                        Files.copy(new BoundedInputStream(data, size), path, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(path, perms);
                    }
                    default -> throw new IOException("corrupt cache archive: entry type " + type);
                }
            }
        } catch (EOFException e) {
            throw new IOException("truncated cache archive", e);
        }
        return count;
    }

    private static String encode(Path path, Path workspace, Optional<Path> home) {
        if (path.startsWith(workspace) && !path.equals(workspace)) {
            return workspace.relativize(path).toString();
        }
        if (home.isPresent() && path.startsWith(home.get()) && !path.equals(home.get())) {
            return "~/" + home.get().relativize(path);
        }
        return path.toAbsolutePath().toString();
    }

    private static Path decode(String name, Path workspace, Optional<Path> home) throws IOException {
        Path path;
        if (name.startsWith("~/")) {
            path = home.orElseThrow(() -> new IOException("cache holds " + name + " but HOME is not set"))
                    .resolve(name.substring(2));
        } else if (name.startsWith("/")) {
            path = Path.of(name);
        } else {
            path = workspace.resolve(name);
        }
        Path normal = path.normalize();
        boolean escapes = false;
        for (Path segment : Path.of(name)) {
            escapes |= segment.toString().equals("..");
        }
        if (!name.startsWith("/") && escapes) {
            throw new IOException("cache entry escapes its base directory: " + name);
        }
        return normal;
    }

    /** Reads at most {@code remaining} bytes, leaving the underlying stream open. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException();
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() {}
    }
}
