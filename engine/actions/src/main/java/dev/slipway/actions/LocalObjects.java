package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Copies the object files of a local repository into a job's repository, instead of fetching from it: JGit's fetch
 * from a local path packs the whole history again in-process and indexes that pack again on the receiving side (265
 * ms for a repository of two commits on a cold JVM, more for every megabyte of history), while git's object files
 * never change once written and can be copied as they are (pack files with their indexes, loose objects).
 *
 * <p>The copies are not hard links: the workspace may be mounted into a job's container, whose processes must not be
 * able to write into the source repository's files. A pack is copied before its index and under a temporary name
 * first, so that a pack is never visible without its data; a pack or loose object that the source's {@code git gc}
 * removes meanwhile is skipped (the caller checks that the commit it wants arrived, and fetches otherwise).
 */
final class LocalObjects {
    private static final Pattern PACK = Pattern.compile("pack-[0-9a-f]{40,64}\\.pack");
    private static final Pattern LOOSE_DIR = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern LOOSE = Pattern.compile("[0-9a-f]{38,62}");
    /** The files that belong to a pack besides the pack itself, the index last (it makes the pack visible). */
    private static final List<String> PACK_COMPANIONS = List.of(".rev", ".bitmap", ".mtimes", ".idx");

    private LocalObjects() {}

    /**
     * Copies the object files of the repository whose (common) git directory is {@code source} into the repository
     * whose git directory is {@code target}, leaving those {@code target} has already. False, with nothing copied, when the
     * source's objects cannot be taken this way: it borrows objects from another repository ({@code
     * objects/info/alternates}), is shallow, or has no {@code objects} directory of its own.
     */
    static boolean copy(Path source, Path target) throws IOException {
        Path from = source.resolve("objects");
        if (!Files.isDirectory(from)
                || Files.exists(from.resolve("info").resolve("alternates"))
                || Files.exists(source.resolve("shallow"))) {
            return false;
        }
        Path to = target.resolve("objects");
        copyPacks(from.resolve("pack"), to.resolve("pack"));
        for (Path dir : list(from)) {
            String name = dir.getFileName().toString();
            if (LOOSE_DIR.matcher(name).matches() && Files.isDirectory(dir)) {
                copyLoose(dir, to.resolve(name));
            }
        }
        return true;
    }

    private static void copyPacks(Path from, Path to) throws IOException {
        List<Path> packs = new ArrayList<>();
        for (Path p : list(from)) {
            if (PACK.matcher(p.getFileName().toString()).matches()) {
                packs.add(p);
            }
        }
        if (packs.isEmpty()) {
            return;
        }
        Files.createDirectories(to);
        for (Path pack : packs) {
            String base = pack.getFileName().toString().replaceFirst("\\.pack$", "");
            if (Files.exists(to.resolve(base + ".idx")) || !copyFile(pack, to.resolve(base + ".pack"))) {
                continue; // there already, or gone from the source meanwhile
            }
            for (String suffix : PACK_COMPANIONS) {
                Path companion = from.resolve(base + suffix);
                if (!copyFile(companion, to.resolve(base + suffix)) && suffix.equals(".idx")) {
                    Files.deleteIfExists(to.resolve(base + ".pack")); // no index: the pack would only take room
                }
            }
        }
    }

    private static void copyLoose(Path from, Path to) throws IOException {
        boolean made = false;
        for (Path object : list(from)) {
            String name = object.getFileName().toString();
            if (!LOOSE.matcher(name).matches()) {
                continue;
            }
            if (!made) {
                Files.createDirectories(to);
                made = true;
            }
            copyFile(object, to.resolve(name));
        }
    }

    /**
     * Copies {@code from} to {@code to} by way of a temporary name, so {@code to} is never seen half written; nothing
     * when {@code to} is there already; false when {@code from} is not there.
     */
    static boolean copyFile(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            return true;
        }
        Path partial = to.resolveSibling("tmp_" + to.getFileName());
        try {
            Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            return false;
        }
        try {
            Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(partial);
        }
        return true;
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return entries;
        }
        return entries;
    }
}
