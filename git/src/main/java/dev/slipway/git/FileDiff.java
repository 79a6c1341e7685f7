package dev.slipway.git;

/** A changed file of a commit with its line statistics (zero for binary files). */
public record FileDiff(FileChange change, int additions, int deletions, boolean binary) {}
