package dev.slipway.git;

import java.io.OutputStream;
import org.eclipse.jgit.api.ArchiveCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.archive.ArchiveFormats;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Source archives of a commit through JGit's {@link ArchiveCommand}: every entry under one prefix, file modes kept (the
 * executable bit, symlinks as links), the commit's time as every entry's time, written as it is read.
 */
final class Archives {
    static {
        // the formats register globally once per class loader; registering again only counts a reference
        ArchiveFormats.registerAll();
    }

    private Archives() {}

    static void write(Repository db, String rev, ArchiveFormat format, String prefix, OutputStream out) {
        try (RevWalk walk = new RevWalk(db)) {
            var commit = Revs.require(db, walk, rev);
            new ArchiveCommand(db)
                    .setTree(commit)
                    .setFormat(format.jgitName())
                    .setPrefix(prefix)
                    .setOutputStream(out)
                    .call();
        } catch (GitAPIException | JGitInternalException e) { // the latter wraps the stream's IOException
            throw new GitException(
                    GitException.Kind.IO, "cannot write the archive of " + rev + ": " + e.getMessage(), e);
        }
    }
}
