package dev.slipway.git;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/** Branches, tags and HEAD of one repository. */
final class Refs {
    private final Repository db;

    Refs(Repository db) {
        this.db = db;
    }

    static void checkBranchName(String branch) {
        if (branch.startsWith("refs/") || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new GitException(GitException.Kind.INVALID_NAME, "invalid branch name '" + branch + "'");
        }
    }

    List<Branch> branches() throws IOException {
        List<Branch> branches = new ArrayList<>();
        try (RevWalk walk = new RevWalk(db)) {
            for (Ref ref : db.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                if (ref.getObjectId() == null) {
                    continue;
                }
                RevCommit c = walk.parseCommit(ref.getObjectId());
                OffsetDateTime when = Person.of(c.getCommitterIdent()).when();
                branches.add(new Branch(Repository.shortenRefName(ref.getName()), c.name(), when, c.getShortMessage()));
            }
        }
        branches.sort(Comparator.comparing(Branch::name));
        return branches;
    }

    List<Tag> tags() throws IOException {
        List<Tag> tags = new ArrayList<>();
        try (RevWalk walk = new RevWalk(db)) {
            for (Ref ref : db.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                if (ref.getObjectId() == null) {
                    continue;
                }
                RevObject obj = walk.parseAny(ref.getObjectId());
                String name = Repository.shortenRefName(ref.getName());
                if (obj instanceof RevTag tag) {
                    RevObject target = walk.peel(tag);
                    tags.add(new Tag(
                            name,
                            tag.name(),
                            target.name(),
                            Optional.of(tag.getFullMessage()),
                            Optional.ofNullable(tag.getTaggerIdent()).map(Person::of)));
                } else {
                    tags.add(new Tag(name, obj.name(), obj.name(), Optional.empty(), Optional.empty()));
                }
            }
        }
        tags.sort(Comparator.comparing(Tag::name));
        return tags;
    }

    String defaultBranch() throws IOException {
        Ref head = db.exactRef(Constants.HEAD);
        if (head != null && head.isSymbolic()) {
            return Repository.shortenRefName(head.getTarget().getName());
        }
        String full = db.getFullBranch();
        return full == null ? Constants.MASTER : Repository.shortenRefName(full);
    }

    /** Points HEAD at {@code branch}, which must exist unless the repository has no branch yet. */
    void setDefaultBranch(String branch) throws IOException {
        checkBranchName(branch);
        String full = Constants.R_HEADS + branch;
        boolean anyBranch =
                !db.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).isEmpty();
        if (anyBranch && db.exactRef(full) == null) {
            throw new GitException(GitException.Kind.NOT_FOUND, "no branch '" + branch + "'");
        }
        RefUpdate.Result result = db.updateRef(Constants.HEAD).link(full);
        if (result != RefUpdate.Result.NEW
                && result != RefUpdate.Result.FORCED
                && result != RefUpdate.Result.NO_CHANGE) {
            throw new GitException(GitException.Kind.IO, "cannot point HEAD at " + branch + ": " + result);
        }
    }

    /** Creates lightweight tag {@code name} at the commit {@code rev} names; an existing tag is never moved. */
    String createTag(String name, String rev) throws IOException {
        if (!Tag.validName(name)) {
            throw new GitException(GitException.Kind.INVALID_NAME, "invalid tag name '" + name + "'");
        }
        RevCommit commit;
        try (RevWalk walk = new RevWalk(db)) {
            commit = Revs.commit(db, walk, rev)
                    .orElseThrow(() -> new GitException(GitException.Kind.NOT_FOUND, "no commit '" + rev + "'"));
        }
        RefUpdate update = db.updateRef(Constants.R_TAGS + name);
        update.setExpectedOldObjectId(org.eclipse.jgit.lib.ObjectId.zeroId());
        update.setNewObjectId(commit);
        update.setRefLogMessage("tagged by the server", false);
        RefUpdate.Result result = update.update();
        if (result == RefUpdate.Result.LOCK_FAILURE && db.exactRef(Constants.R_TAGS + name) != null) {
            throw new GitException(GitException.Kind.ALREADY_EXISTS, "tag '" + name + "' already exists");
        }
        if (result != RefUpdate.Result.NEW) {
            throw new GitException(GitException.Kind.IO, "cannot create tag " + name + ": " + result);
        }
        return commit.name();
    }
}
