package dev.slipway.git;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.Repository;

/**
 * Repacks repositories in the background after pushes, with a bitmap index, as {@code git gc} does for C git.
 *
 * <p>A pushed pack has no bitmap index, so every clone counted its objects by walking all commits and trees: a clone of
 * a 5,000-commit repository cost the server 0.7 s of CPU, against 0.1 s once a bitmap existed. A repository is
 * repacked when the objects in packs newer than its newest bitmapped pack reach {@link #MIN_UNCOVERED} and a quarter
 * of the bitmapped ones (so the work stays proportional to what was pushed), or when it has more than {@link
 * #MAX_PACKS} packs (each push adds one, and every object lookup searches them all). JGit keeps the old packs for an hour, so
 * clones reading them meanwhile are not disturbed; nothing is pruned that the repository still references.
 *
 * <p>One platform thread at low priority does the work, one repository at a time; a push while its repository waits
 * adds nothing. Failures are logged and retried at the next push.
 */
final class Housekeeping {
    /** The fewest objects without a bitmap worth a repack. */
    static final int MIN_UNCOVERED = 2_000;

    /** More packs than this are repacked whatever they hold (C git's {@code gc.autoPackLimit}). */
    static final int MAX_PACKS = 50;

    private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());

    private final Repositories repositories;
    private final Set<RepoName> pending = new LinkedHashSet<>();
    private final Thread worker;
    private volatile boolean closed;

    Housekeeping(Repositories repositories) {
        this.repositories = repositories;
        this.worker = Thread.ofPlatform()
                .daemon()
                .name("slipway-git-housekeeping")
                .priority(Thread.MIN_PRIORITY)
                .unstarted(this::run);
    }

    /** Notes a push to {@code repo}; returns at once. */
    void pushed(RepoName repo) {
        synchronized (pending) {
            if (closed) {
                return;
            }
            pending.add(repo);
            if (worker.getState() == Thread.State.NEW) {
                worker.start();
            }
            pending.notifyAll();
        }
    }

    /** Stops: a repack under way is cancelled between its phases. */
    void close() {
        synchronized (pending) {
            closed = true;
            pending.clear();
            pending.notifyAll();
        }
    }

    private void run() {
        while (true) {
            RepoName repo;
            synchronized (pending) {
                while (pending.isEmpty() && !closed) {
                    try {
                        pending.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                repo = pending.iterator().next();
                pending.remove(repo);
            }
            try {
                repackIfWorthIt(repo);
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return; // cancelled by close()
                }
                LOG.log(System.Logger.Level.WARNING, "repacking " + repo + " failed; retrying after its next push", e);
            }
        }
    }

    private void repackIfWorthIt(RepoName repo) throws IOException {
        Optional<Repository> opened = repositories.openRepository(repo);
        if (opened.isEmpty()) {
            return;
        }
        try (Repository db = opened.get()) {
            if (!(db instanceof FileRepository file) || !worthRepacking(file)) {
                return;
            }
            GC gc = new GC(file);
            gc.setProgressMonitor(new EmptyProgressMonitor() {
                @Override
                public boolean isCancelled() {
                    return closed;
                }
            });
            gc.gc().join();
        } catch (java.text.ParseException | org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Whether the objects without a bitmap are many, or the packs are (as {@code gc.autoPackLimit}). Cheap enough for
     * every push: only the pack directory is listed and its files' sizes read; an index file holds 28 bytes per object
     * after a fixed part, which gives the object count without opening it.
     */
    static boolean worthRepacking(FileRepository db) {
        var packs = db.getObjectDatabase().getPacks();
        if (packs.size() > MAX_PACKS) {
            return true;
        }
        long newestBitmap = Long.MIN_VALUE;
        long covered = 0;
        for (Pack pack : packs) {
            File bitmap = pack.getPackFile().create(PackExt.BITMAP_INDEX);
            if (bitmap.isFile() && pack.getPackFile().lastModified() > newestBitmap) {
                newestBitmap = pack.getPackFile().lastModified();
                covered = objects(pack);
            }
        }
        long uncovered = 0;
        for (Pack pack : packs) {
            if (pack.getPackFile().lastModified() > newestBitmap) {
                uncovered += objects(pack);
            }
        }
        return uncovered >= MIN_UNCOVERED && uncovered >= covered / 4;
    }

    /** The objects of a pack by the size of its version 2 index: header, fan-out, trailer, 28 bytes per object. */
    private static long objects(Pack pack) {
        long size = pack.getPackFile().create(PackExt.INDEX).length();
        return Math.max(0, (size - 8 - 256 * 4 - 2 * 20) / 28);
    }
}
