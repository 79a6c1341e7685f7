package dev.slipway.git;

import java.util.List;

/** A page of history, newest first; {@code hasMore} tells whether a next page exists. */
public record LogPage(List<Commit> commits, boolean hasMore) {
    /** Copies the list. */
    public LogPage {
        commits = List.copyOf(commits);
    }
}
