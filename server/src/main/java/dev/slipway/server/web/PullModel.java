package dev.slipway.server.web;

import dev.slipway.server.pulls.Check;
import java.util.List;
import java.util.Optional;

/** What the pull request and branch protection pages show; public for the precompiled templates. */
public final class PullModel {
    private PullModel() {}

    /**
     * A row of the pull request list.
     *
     * @param state open, closed or merged
     */
    public record PullRow(
            long number, String title, String author, String head, String base, String state, String when) {}

    /** A review or a comment in the conversation. {@code verdict}: approved, changes_requested, commented, dismissed, or "" for a comment. */
    public record Entry(String author, String verdict, String bodyHtml, String when, String anchor) {}

    /** A check in the panel; {@code state} is a CSS class (success, skipped, pending, failure, missing). */
    public record CheckRow(String name, String state, String description, Optional<String> href, boolean required) {
        static CheckRow of(Check c) {
            return new CheckRow(
                    c.name(),
                    c.state().name().toLowerCase(java.util.Locale.ROOT),
                    c.description().orElse(""),
                    c.targetUrl(),
                    c.required());
        }
    }

    /** The head of every pull request page: title, state, branches and tabs. */
    public record PullHead(
            String fullName,
            long number,
            String title,
            String state,
            String author,
            String head,
            String base,
            String when,
            int commits,
            int files,
            String tab) {
        public String href() {
            return "/" + fullName + "/pull/" + number;
        }
    }

    /**
     * The conversation tab.
     *
     * @param canWrite the visitor may review, merge and close
     * @param mergeState clean, unstable, blocked, behind or dirty
     */
    public record PullView(
            PullHead head,
            String bodyHtml,
            List<Entry> timeline,
            List<CheckRow> checks,
            String mergeState,
            List<String> blockers,
            List<String> conflicts,
            int approvals,
            int requiredApprovals,
            boolean open,
            boolean merged,
            Optional<String> mergedBy,
            Optional<String> mergeSha,
            Optional<String> autoMerge,
            boolean signedIn,
            boolean canWrite,
            boolean isAuthor,
            boolean linearOnly,
            String error) {}

    public record CommitLine(String sha, String shortSha, String subject, String author, String when) {}

    /** One line of a unified diff; {@code kind} is hunk, add, del or ctx. */
    public record DiffLine(String kind, String oldNo, String newNo, String text) {}

    public record LineNote(int line, String author, String bodyHtml) {}

    public record FileView(
            String path,
            String anchor,
            String status,
            int additions,
            int deletions,
            boolean binary,
            List<DiffLine> lines,
            List<LineNote> notes) {}

    /** A protection rule as the settings page lists it. */
    public record RuleRow(
            String pattern,
            boolean requirePullRequest,
            int approvals,
            boolean dismissStale,
            String checks,
            boolean upToDate,
            boolean allowForce,
            boolean allowDeletions,
            boolean linear,
            boolean enforceAdmins) {}

    public record BypassRow(String when, String actor, String ref, String rules) {}
}
