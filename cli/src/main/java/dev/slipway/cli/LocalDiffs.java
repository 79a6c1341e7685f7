package dev.slipway.cli;

import dev.slipway.common.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.jspecify.annotations.Nullable;

/** Which files commits of the local repository change, as GitHub's {@code paths} filters see them. */
final class LocalDiffs {
    private LocalDiffs() {}

    /** The paths that differ between {@code from} (nothing when null) and {@code to}, renames as both paths. */
    static List<String> changed(Repository repo, @Nullable RevCommit from, RevCommit to) throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        try (DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            df.setRepository(repo);
            for (DiffEntry e : df.scan(from == null ? null : from.getTree(), to.getTree())) {
                if (e.getChangeType() != DiffEntry.ChangeType.ADD) {
                    paths.add(e.getOldPath());
                }
                if (e.getChangeType() != DiffEntry.ChangeType.DELETE) {
                    paths.add(e.getNewPath());
                }
            }
        }
        return new ArrayList<>(paths);
    }

    /**
     * The files that differ between commits {@code before} and {@code after} of {@code git}'s repository (a push's
     * two-dot comparison, as GitHub makes it when a payload lists no commits); empty when either is not a commit
     * there.
     */
    static Optional<List<String>> between(LocalGit git, String before, String after) {
        try (Repository repo = LocalGit.open(git.root());
                RevWalk walk = new RevWalk(repo)) {
            RevCommit from = walk.parseCommit(ObjectId.fromString(before));
            RevCommit to = walk.parseCommit(ObjectId.fromString(after));
            return Optional.of(changed(repo, from, to));
        } catch (MissingObjectException
                | IllegalArgumentException
                | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            return Optional.empty(); // not a commit of this repository: the changes stay unknown
        } catch (IOException e) {
            throw new UserError("cannot read the git repository at " + git.root() + ": " + e.getMessage());
        }
    }
}
