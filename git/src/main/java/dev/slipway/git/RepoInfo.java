package dev.slipway.git;

/** A hosted repository as listed: its name, description and default branch (which may not exist yet). */
public record RepoInfo(RepoName repo, String description, String defaultBranch) {}
