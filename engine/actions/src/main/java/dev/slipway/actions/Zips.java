package dev.slipway.actions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Zip files for artifacts: entries relative to a root, extraction guarded against paths escaping the target. */
final class Zips {
    private Zips() {}

    static void write(Path zip, Path root, List<Path> files, int level) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream zos = new ZipOutputStream(out)) {
            zos.setLevel(level);
            for (Path file : files) {
                String name = root.relativize(file).toString().replace('\\', '/');
                ZipEntry entry = new ZipEntry(name);
                entry.setLastModifiedTime(Files.getLastModifiedTime(file));
                zos.putNextEntry(entry);
                Files.copy(file, zos);
                zos.closeEntry();
            }
        }
    }

    /**
     * Extracts into {@code target}, replacing existing files; returns the number of files written. {@code in} is read
     * to its end (past the central directory), so that a digest taken of what was read covers the whole zip.
     */
    static int extract(InputStream in, Path target) throws IOException {
        Path base = Files.createDirectories(target).toAbsolutePath().normalize();
        int count = 0;
        try (ZipInputStream zis = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zis.getNextEntry()) != null; ) {
                Path dest = base.resolve(entry.getName()).normalize();
                if (!dest.startsWith(base) || dest.equals(base)) {
                    throw new IOException("zip entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                    continue;
                }
                Files.createDirectories(dest.getParent());
                Files.copy(zis, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                count++;
            }
            in.transferTo(OutputStream.nullOutputStream());
        }
        return count;
    }
}
