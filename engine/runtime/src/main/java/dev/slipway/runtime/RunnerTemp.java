package dev.slipway.runtime;

import dev.slipway.common.FileTrees;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a finished job's runner temp directory ready for a later job, so that the later job reuses the files the
 * runtime writes in every job (the environment files, {@code event.json}, the step scripts) instead of creating new
 * ones. On ext4 without a journal, allocating an inode skips every inode deleted in the last 30 seconds, so a run
 * that creates and deletes a few thousand files gets slower with every job; truncating a file keeps its inode.
 *
 * <p>The runtime's own files are emptied (nothing of one job is readable by the next), except {@code event.json},
 * which every job overwrites before its first step; everything else in the directory is deleted, and so are the
 * scripts of steps the finished job did not have (see {@link #recycle}). The runtime writes these files over their
 * old content ({@link FileTrees#overwrite}) rather than truncating them first. A file
 * is kept only when it is a regular file with one link: a step could have replaced it by a link to a file elsewhere,
 * which the next job must not write into.
 */
public final class RunnerTemp {
    private static final Pattern SCRIPT = Pattern.compile("script-[0-9]+\\.[a-z0-9]+");
    private static final Set<String> FILE_COMMANDS = StepFiles.NAMES;
    private static final String FILE_COMMANDS_DIR = StepFiles.DIRECTORY;
    private static final String EVENT_DIR = "_github_workflow";
    private static final String EVENT_FILE = "event.json";

    private RunnerTemp() {}

    /** Where a job's {@code github.event} payload is written ({@code GITHUB_EVENT_PATH}). */
    static Path eventFile(Path runnerTemp) {
        return runnerTemp.resolve(EVENT_DIR).resolve(EVENT_FILE);
    }

    /**
     * Empties {@code runnerTemp} for reuse by another job, keeping (empty) the files every job writes.
     *
     * @throws IOException when something in it cannot be deleted or emptied; the directory should then not be reused
     */
    public static void recycle(Path runnerTemp) throws IOException {
        List<Path> written = new ArrayList<>();
        List<Path> unwritten = new ArrayList<>();
        for (Path entry : FileTrees.children(runnerTemp)) {
            String name = entry.getFileName().toString();
            if (SCRIPT.matcher(name).matches()) {
                long size = ownedSize(entry);
                if (size >= 0) {
                    (size > 0 ? written : unwritten).add(entry);
                    continue;
                }
            }
            if (name.equals(FILE_COMMANDS_DIR) && isDirectory(entry)) {
                keepOnly(entry, FILE_COMMANDS, true);
            } else if (name.equals(EVENT_DIR) && isDirectory(entry)) {
                // not emptied: every job writes its own payload over it before its first step, and emptying it
                // first would only free its blocks for that write to allocate again
                keepOnly(entry, Set.of(EVENT_FILE), false);
            } else {
                FileTrees.deleteTree(entry);
            }
        }
        for (Path script : written) {
            truncate(script);
        }
        // The scripts the job wrote are kept for the next job's steps of those numbers. Those it did not write (empty
        // since an earlier recycling) go, so a directory that once ran a long job does not carry its scripts, and
        // stat them at every reuse, for ever. A directory recycled again without a job in between (adopted by the
        // next run) keeps them all.
        if (!written.isEmpty()) {
            for (Path script : unwritten) {
                Files.deleteIfExists(script);
            }
        }
    }

    /** Deletes everything in {@code dir} but the files {@code names}, which are emptied when {@code empty}. */
    private static void keepOnly(Path dir, Set<String> names, boolean empty) throws IOException {
        for (Path entry : FileTrees.children(dir)) {
            long size = names.contains(entry.getFileName().toString()) ? ownedSize(entry) : -1;
            if (size < 0) {
                FileTrees.deleteTree(entry);
            } else if (size > 0 && empty) {
                truncate(entry);
            }
        }
    }

    private static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The size of {@code file} when it is a regular file with one link, which the next job may write into; -1
     * otherwise (a step could have replaced it by a link to a file elsewhere, which must not be written through).
     */
    static long ownedSize(Path file) throws IOException {
        // one stat(2) for the three attributes
        Map<String, Object> attrs =
                Files.readAttributes(file, "unix:isRegularFile,nlink,size", LinkOption.NOFOLLOW_LINKS);
        if (!Boolean.TRUE.equals(attrs.get("isRegularFile"))
                || !(attrs.get("nlink") instanceof Integer links)
                || links != 1) {
            return -1;
        }
        return attrs.get("size") instanceof Long size ? size : 1;
    }

    /** Empties a file {@link #ownedSize} just found to be a regular file with one link. */
    static void truncate(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
        }
    }
}
