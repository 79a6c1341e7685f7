package dev.slipway.git;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** Resolves user-supplied revisions (branch, tag, full ref, sha or abbreviation) to commits. */
final class Revs {
    private Revs() {}

    static Optional<RevCommit> commit(Repository db, RevWalk walk, String rev) {
        if (rev.isEmpty() || rev.startsWith("-")) {
            throw new GitException(GitException.Kind.INVALID_REF, "invalid revision '" + rev + "'");
        }
        try {
            ObjectId id = db.resolve(rev + "^{commit}");
            return id == null ? Optional.empty() : Optional.of(walk.parseCommit(id));
        } catch (AmbiguousObjectException e) {
            throw new GitException(GitException.Kind.INVALID_REF, "ambiguous revision '" + rev + "'", e);
        } catch (RevisionSyntaxException e) {
            throw new GitException(GitException.Kind.INVALID_REF, "invalid revision '" + rev + "'", e);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw io(e);
        }
    }

    static RevCommit require(Repository db, RevWalk walk, String rev) {
        return commit(db, walk, rev)
                .orElseThrow(() -> new GitException(GitException.Kind.NOT_FOUND, "no commit '" + rev + "'"));
    }

    static GitException io(IOException e) {
        return new GitException(GitException.Kind.IO, "git object database error: " + e.getMessage(), e);
    }
}
