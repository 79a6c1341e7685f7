package dev.slipway.executor.kubernetes;

import dev.slipway.common.FileTrees;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Mirrors host directories (the workspace and runner temp) into the job container and back, as tar streams over one
 * exec each way: before a step the pod's copies are emptied and refilled, after it the host's. The paths are the same
 * on both sides. The image needs {@code sh}, {@code find} and {@code tar} (busybox has them).
 */
final class WorkspaceSync {
    /** Empties each directory argument (creating it when missing), then unpacks stdin at {@code /}. */
    static final String UNPACK = "for d do mkdir -p \"$d\" && find \"$d\" -mindepth 1 -maxdepth 1 -exec rm -rf {} +"
            + " || exit 1; done; tar -xf - -C /";
    /** Packs each argument (a path relative to {@code /}) to stdout. */
    static final String PACK = "cd / && tar -cf - \"$@\"";

    private static final long TIMEOUT_MINUTES = 30;

    private WorkspaceSync() {}

    /** Copies {@code dirs} (absolute) into the container, replacing what is there. */
    static void up(ContainerResource container, List<Path> dirs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", UNPACK, "sh"));
        dirs.forEach(d -> cmd.add(d.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = container.redirectingInput().writingError(err).exec(cmd.toArray(String[]::new))) {
            try (OutputStream in = watch.getInput()) {
                write(in, dirs);
            }
            check("copying " + dirs + " into the pod", watch, err, TIMEOUT_MINUTES * 60);
        }
    }

    /** Copies {@code dirs} (absolute) from the container, replacing what the host has there. */
    static void down(ContainerResource container, List<Path> dirs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", PACK, "sh"));
        dirs.forEach(d -> cmd.add(relative(d)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = container.redirectingOutput().writingError(err).exec(cmd.toArray(String[]::new))) {
            IOException broken = null;
            try (InputStream out = watch.getOutput()) {
                read(out, dirs);
            } catch (IOException e) {
                broken = e; // fabric8 ends the stream with an error when the command fails: its status says more
            }
            String what = "copying " + dirs + " back from the pod";
            check(what, watch, err, broken == null ? TIMEOUT_MINUTES * 60 : 10);
            if (broken != null) {
                throw new IOException(what + " failed: " + Labels.reason(broken), broken);
            }
        }
    }

    /** Writes {@code dirs} as a tar stream of paths relative to {@code /}, what {@link #UNPACK} expects. */
    static void write(OutputStream out, List<Path> dirs) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Path d : dirs) {
            pack(tar, d);
        }
        tar.finish();
        tar.flush();
    }

    /** Empties {@code dirs}, then fills them from a tar stream as {@link #PACK} writes it. */
    static void read(InputStream in, List<Path> dirs) throws IOException {
        for (Path d : dirs) {
            FileTrees.ensureDirectory(d);
            FileTrees.deleteChildren(d);
        }
        unpack(new TarArchiveInputStream(in), dirs);
    }

    private static void check(String what, ExecWatch watch, ByteArrayOutputStream err, long seconds)
            throws IOException {
        Integer code;
        try {
            code = watch.exitCode().get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(what + " failed: " + Labels.reason(e), e);
        }
        if (code != null && code != 0) {
            String message = err.toString(StandardCharsets.UTF_8).strip();
            throw new IOException(what + " failed with exit code " + code + (message.isEmpty() ? "" : ": " + message)
                    + " (the image needs sh, find and tar)");
        }
    }

    private static String relative(Path abs) {
        return abs.toAbsolutePath().toString().replaceFirst("^/+", "");
    }

    private static void pack(TarArchiveOutputStream tar, Path p) throws IOException {
        String name = relative(p);
        if (Files.isSymbolicLink(p)) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        } else if (Files.isDirectory(p)) {
            TarArchiveEntry e = new TarArchiveEntry(name + "/");
            e.setMode(0755);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            try (Stream<Path> children = Files.list(p)) {
                for (Path child : children.sorted().toList()) {
                    pack(tar, child);
                }
            }
        } else if (Files.isRegularFile(p)) {
            TarArchiveEntry e = new TarArchiveEntry(p.toFile(), name);
            e.setMode(Files.isExecutable(p) ? 0755 : 0644);
            tar.putArchiveEntry(e);
            Files.copy(p, tar);
            tar.closeArchiveEntry();
        }
    }

    /** Unpacks entries under {@code roots} only; anything else in the stream (or escaping by {@code ..}) is refused. */
    private static void unpack(TarArchiveInputStream tar, List<Path> roots) throws IOException {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            Path target = Path.of("/").resolve(e.getName()).normalize();
            if (roots.stream().noneMatch(target::startsWith)) {
                throw new IOException("the pod sent '" + e.getName() + "', outside " + roots);
            }
            if (roots.contains(target)) {
                continue; // the roots themselves exist
            }
            if (e.isDirectory()) {
                Files.createDirectories(target);
            } else if (e.isSymbolicLink()) {
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                continue;
            } else if (e.isFile()) {
                Files.createDirectories(target.getParent());
                Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                continue; // devices, fifos and hard links have no place in a workspace
            }
            Files.setPosixFilePermissions(target, permissions(e.getMode()));
            Files.setLastModifiedTime(target, FileTime.from(e.getModTime().toInstant()));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(order[i]);
            }
        }
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.OWNER_WRITE);
        return set;
    }

    /** A cheap summary of a tree (paths, sizes, modification times), to skip copying a workspace nothing changed. */
    static long fingerprint(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long h = 1;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted().toList()) {
                h = 31 * h + p.toString().hashCode();
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    h = 31 * h + Files.size(p);
                    h = 31 * h
                            + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
                                    .toMillis();
                }
            }
        }
        return h;
    }
}
