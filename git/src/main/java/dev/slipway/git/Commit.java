package dev.slipway.git;

import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;

/** One commit's metadata: id, parent ids (first parent first), author, committer and full message. */
public record Commit(String sha, List<String> parents, Person author, Person committer, String message) {
    /** Copies the parent list. */
    public Commit {
        parents = List.copyOf(parents);
    }

    /** The first line of the message. */
    public String subject() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static Commit of(RevCommit c) {
        List<String> parents =
                java.util.Arrays.stream(c.getParents()).map(RevCommit::name).toList();
        return new Commit(
                c.name(), parents, Person.of(c.getAuthorIdent()), Person.of(c.getCommitterIdent()), c.getFullMessage());
    }
}
