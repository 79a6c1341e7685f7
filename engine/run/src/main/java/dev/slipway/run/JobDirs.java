package dev.slipway.run;

import dev.slipway.common.FileTrees;
import dev.slipway.runtime.RunnerTemp;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The job directories of a run or an agent: {@code <root>/<n>}, each holding a job's workspace ({@code
 * work/<repo>/<repo>}) and runner temp directory ({@code temp}). A finished job's directory is emptied and handed to
 * the next job instead of being deleted, so a run of many jobs creates as many directories as jobs ran at once, and
 * the next job rewrites the files the runtime writes in every job instead of creating them: on ext4 without a journal,
 * allocating an inode skips every inode deleted in the last 30 seconds, which made each job of a 256-job run slower
 * than the one before (see {@link RunnerTemp}).
 *
 * <p>A job always starts with an empty workspace and a runner temp directory holding nothing of an earlier job. A
 * directory that cannot be emptied (a container left files this user cannot delete) is not used again. Thread-safe.
 */
public final class JobDirs {
    private static final String WORK = "work";
    private static final String TEMP = "temp";
    /** Names of job directories: at most six digits, so that the number always fits an int. */
    private static final Pattern NUMBERED = Pattern.compile("[1-9][0-9]{0,5}");

    private final Path root;
    private final boolean recycle;
    private final Deque<Path> free = new ArrayDeque<>();
    /**
     * Directories an earlier user of the root left, not emptied yet: each is emptied when a job takes it, so a run of
     * one job empties one directory at its start, not every directory the runs before it made.
     */
    private final Deque<Path> adopted = new ArrayDeque<>();

    private int next;

    private JobDirs(Path root, boolean recycle) {
        this.root = root;
        this.recycle = recycle;
    }

    /** The directory the job directories are in. */
    public Path root() {
        return root;
    }

    /** Job directories under {@code root}, reused from one job to the next. */
    public static JobDirs recycling(Path root) {
        return new JobDirs(root, true);
    }

    /**
     * Job directories under {@code root}, reused from one job to the next like {@link #recycling}, that also adopts the
     * numbered directories an earlier user of {@code root} left there (each emptied when a job takes it, or deleted when
     * it cannot be).
     * Only for a root that nobody else uses meanwhile: {@code slipway run} keeps one per run slot it holds a lock on,
     * so consecutive runs write into the same directories and files instead of creating and deleting them.
     */
    public static JobDirs adopting(Path root) {
        JobDirs dirs = new JobDirs(root, true);
        dirs.adoptExisting();
        return dirs;
    }

    private void adoptExisting() {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                if (NUMBERED.matcher(e.getFileName().toString()).matches()
                        && Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(e);
                }
            }
        } catch (IOException e) {
            return; // no root yet: nothing to adopt
        }
        found.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())));
        for (Path dir : found) {
            next = Math.max(next, Integer.parseInt(dir.getFileName().toString()));
            adopted.addLast(dir);
        }
    }

    /** Job directories under {@code root}, one per job, left in place after their jobs (to look at them). */
    public static JobDirs kept(Path root) {
        return new JobDirs(root, false);
    }

    /**
     * A directory for the next job: one a finished job gave back, or a new one under the root. A new one is claimed by
     * creating it, so pools that share a root (agents with one work directory) never hand out the same directory.
     *
     * @throws IOException when no new directory can be created
     */
    public Path take() throws IOException {
        while (true) {
            Path reused;
            boolean toEmpty = false;
            synchronized (this) {
                reused = free.pollFirst();
                if (reused == null) {
                    reused = adopted.pollFirst();
                    toEmpty = reused != null;
                }
            }
            if (reused == null) {
                break;
            }
            if (!toEmpty || emptied(reused)) {
                return reused;
            }
            discard(reused);
        }
        Files.createDirectories(root);
        while (true) {
            Path dir;
            synchronized (this) {
                dir = root.resolve(String.valueOf(++next));
            }
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // left by an earlier run or agent, or another pool's: not ours
            }
        }
    }

    /** Takes back {@code dir} after its job ended: empties it for the next job, or deletes it when it cannot. */
    public void give(Path dir) {
        if (!recycle) {
            return;
        }
        if (emptied(dir)) {
            synchronized (this) {
                free.addFirst(dir);
            }
        } else {
            discard(dir);
        }
    }

    /** Deletes the directories no job uses now (an agent that stops leaves no job directory behind). */
    public void removeFree() {
        List<Path> dirs;
        synchronized (this) {
            dirs = new ArrayList<>(free);
            dirs.addAll(adopted);
            free.clear();
            adopted.clear();
        }
        dirs.forEach(JobDirs::discard);
    }

    private static void discard(Path dir) {
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            // a directory this user cannot remove stays; it is under the run's or agent's own directory
        }
    }

    /**
     * The workspace of a job of repository {@code repoName} in {@code jobDir}, created (GitHub's runners check out into
     * {@code .../work/<repo>/<repo>}; builds that refer to {@code ../<repo>} rely on it). The empty directory an
     * earlier job of another repository left in {@code work} is removed.
     */
    public static Path workspace(Path jobDir, String repoName) throws IOException {
        Path work = jobDir.resolve(WORK);
        if (Files.isDirectory(work)) {
            for (Path e : FileTrees.children(work)) {
                if (!e.getFileName().toString().equals(repoName)) {
                    FileTrees.deleteTree(e);
                }
            }
        }
        Path workspace = work.resolve(repoName).resolve(repoName);
        FileTrees.ensureDirectory(workspace);
        return workspace;
    }

    /** The runner temp directory in {@code jobDir}, created. */
    public static Path temp(Path jobDir) throws IOException {
        Path temp = jobDir.resolve(TEMP);
        FileTrees.ensureDirectory(temp);
        return temp;
    }

    /**
     * Empties {@code dir} for another job: keeps {@code work/<repo>/<repo>} and {@code temp} with the runtime's own
     * files (emptied), deletes the rest. False when something could not be deleted or {@code dir} is not a directory.
     */
    private static boolean emptied(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            for (Path e : FileTrees.children(dir)) {
                String name = e.getFileName().toString();
                if (name.equals(TEMP) && Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                    RunnerTemp.recycle(e);
                } else if (name.equals(WORK) && Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                    emptyWork(e);
                } else {
                    FileTrees.deleteTree(e);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Keeps {@code work/<name>/<name>} (emptied) for each name; deletes everything else under {@code work}. */
    private static void emptyWork(Path work) throws IOException {
        for (Path repo : FileTrees.children(work)) {
            if (!Files.isDirectory(repo, LinkOption.NOFOLLOW_LINKS)) {
                FileTrees.deleteTree(repo);
                continue;
            }
            for (Path e : FileTrees.children(repo)) {
                if (e.getFileName().equals(repo.getFileName()) && Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                    FileTrees.deleteChildren(e);
                } else {
                    FileTrees.deleteTree(e);
                }
            }
        }
    }
}
