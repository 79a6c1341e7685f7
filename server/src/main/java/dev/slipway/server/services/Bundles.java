package dev.slipway.server.services;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The bundles of process workloads: a tar.gz unpacked into {@code <root>/<repository id>/<bundle id>/}. Entries are
 * files and directories (links are refused); a name that is absolute or leaves the directory is refused; a file keeps
 * its mode's permission bits. Reads ustar, GNU long names and pax paths, as {@code tar czf} writes them.
 */
public final class Bundles {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final int BLOCK = 512;
    private static final long MAX_ENTRY = 1L << 31;
    private final Path root;

    public Bundles(Path root) {
        this.root = root;
    }

    /** A bundle that cannot be unpacked: {@code message} says why. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Unpacks {@code tarGz} as a new bundle of the repository and returns its id. */
    public String unpack(long repoId, InputStream tarGz) throws IOException, Refused {
        var id = UUID.randomUUID().toString().replace("-", "");
        var target = root.resolve(Long.toString(repoId));
        Files.createDirectories(target);
        var partial = Files.createTempDirectory(target, ".upload-");
        try {
            extract(new GZIPInputStream(tarGz), partial);
            Files.move(partial, target.resolve(id));
            return id;
        } catch (java.util.zip.ZipException e) {
            throw new Refused("the bundle is not a gzip-compressed tar archive: " + e.getMessage());
        } finally {
            if (Files.exists(partial)) {
                delete(partial);
            }
        }
    }

    /** The directory of the repository's bundle {@code id}; empty when there is none. */
    public Optional<Path> find(long repoId, String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        var dir = root.resolve(Long.toString(repoId)).resolve(id);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    private static void extract(InputStream in, Path dir) throws IOException, Refused {
        var header = new byte[BLOCK];
        Optional<String> longName = Optional.empty();
        while (true) {
            if (!readFully(in, header)) {
                return; // an archive cut short after whole entries: what tar itself accepts
            }
            if (isZero(header)) {
                return;
            }
            var name = longName.orElseGet(() -> name(header));
            longName = Optional.empty();
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            if (size < 0 || size > MAX_ENTRY) {
                throw new Refused("entry " + name + " has an invalid size");
            }
            switch (type) {
                case 'L' -> longName = Optional.of(cString(readBody(in, size)));
                case 'x' -> longName = paxPath(readBody(in, size));
                case 'g' -> skip(in, size);
                case '5' -> Files.createDirectories(inside(dir, name));
                case '0', '\0', '7' -> {
                    var file = inside(dir, name);
                    Files.createDirectories(file.getParent());
                    try (var out = Files.newOutputStream(file)) {
                        copy(in, out, size);
                    }
                    skip(in, padding(size));
                    Files.setPosixFilePermissions(file, permissions((int) octal(header, 100, 8)));
                }
                case '1', '2' ->
                    throw new Refused("entry " + name + " is a link; a bundle holds files and directories");
                default -> throw new Refused("entry " + name + " has a type (" + type + ") a bundle cannot hold");
            }
        }
    }

    /** The path of entry {@code name} under {@code dir}; refused when absolute or outside it. */
    static Path inside(Path dir, String name) throws Refused {
        if (name.startsWith("/") || name.contains("\\")) {
            throw new Refused("entry " + name + " is an absolute path");
        }
        var path = dir.resolve(name).normalize();
        if (!path.startsWith(dir)) {
            throw new Refused("entry " + name + " leads outside the bundle's directory");
        }
        return path;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        var all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(all[i]);
            }
        }
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.OWNER_WRITE);
        return set;
    }

    private static String name(byte[] header) {
        var name = cString(java.util.Arrays.copyOfRange(header, 0, 100));
        var magic = new String(header, 257, 5, StandardCharsets.US_ASCII);
        var prefix = magic.equals("ustar") ? cString(java.util.Arrays.copyOfRange(header, 345, 500)) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static Optional<String> paxPath(byte[] body) {
        for (var line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return Optional.of(line.substring(space + 6));
            }
        }
        return Optional.empty();
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b == 0 || b == ' ') {
                if (value > 0) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                return -1;
            }
            value = value * 8 + (b - '0');
        }
        return value;
    }

    private static byte[] readBody(InputStream in, long size) throws IOException, Refused {
        if (size > 1 << 20) {
            throw new Refused("an extended header is larger than 1 MiB");
        }
        var out = new ByteArrayOutputStream();
        copy(in, out, size);
        skip(in, padding(size));
        return out.toByteArray();
    }

    private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
        var buffer = new byte[8192];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the archive ends inside an entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        copy(in, java.io.OutputStream.nullOutputStream(), n);
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean readFully(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, block.length);
        return read == block.length;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (var p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
