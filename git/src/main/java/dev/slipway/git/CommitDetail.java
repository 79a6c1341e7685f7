package dev.slipway.git;

import java.util.List;

/** A commit with the files it changed compared with its first parent (or the empty tree for a root commit). */
public record CommitDetail(Commit commit, List<FileDiff> files) {
    /** Copies the list. */
    public CommitDetail {
        files = List.copyOf(files);
    }

    /** Lines added over all files. */
    public int additions() {
        return files.stream().mapToInt(FileDiff::additions).sum();
    }

    /** Lines deleted over all files. */
    public int deletions() {
        return files.stream().mapToInt(FileDiff::deletions).sum();
    }
}
