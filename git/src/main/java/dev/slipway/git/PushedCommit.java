package dev.slipway.git;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A commit a push brought to a ref, with the paths it added, removed and modified compared with its first parent
 * (renames appear as removed plus added, as in GitHub's push payload). {@code timestamp} is the author date.
 */
public record PushedCommit(
        String id,
        String treeId,
        String message,
        Person author,
        Person committer,
        OffsetDateTime timestamp,
        List<String> added,
        List<String> removed,
        List<String> modified) {
    /** Copies the lists. */
    public PushedCommit {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        modified = List.copyOf(modified);
    }
}
