package dev.slipway.server.web;

import java.util.List;
import java.util.Optional;

/**
 * What the templates show. Public only because precompiled templates live in another package; every text is raw
 * (the templates escape it) except fields named {@code ...Html}, which the renderers produced safe.
 */
public final class Model {
    private Model() {}

    /** The frame of every page: title, who is signed in, the CSRF token for its forms. */
    public record Chrome(String title, Optional<String> login, String csrf) {}

    public record RepoCard(String fullName, String description, boolean isPrivate, String created) {}

    public record CommitRow(String sha, String shortSha, String subject, String author, String when) {}

    /**
     * @param state a CSS class: success, failure, cancelled, skipped, running, queued or waiting
     */
    public record RunRow(
            long id,
            long number,
            String title,
            String workflow,
            String branch,
            String event,
            String actor,
            String shortSha,
            String state,
            String stateLabel,
            String when,
            String duration,
            String href) {
        /** The row in another state (a run waiting at an environment's gate shows {@code waiting}). */
        public RunRow withState(String newState, String newLabel) {
            return new RunRow(
                    id, number, title, workflow, branch, event, actor, shortSha, newState, newLabel, when, duration,
                    href);
        }
    }

    public record JobRow(
            long id, String name, String state, String stateLabel, String duration, List<String> needs, String href) {}

    /** A registry image row; empty strings where there is nothing to show. */
    public record ImageRow(
            String name,
            List<String> tags,
            String digest,
            String shortDigest,
            String size,
            String platforms,
            String revision,
            String shortRevision,
            String runHref,
            String runLabel,
            String pusher,
            String when) {}

    /**
     * The Images page: {@code image} is where to push ({@code host/owner/repo}), {@code immutable} the protected tag
     * patterns.
     */
    public record ImagesView(
            String fullName, String image, String host, List<String> immutable, List<ImageRow> images) {}

    /** A personal access token as the tokens page lists it. */
    public record TokenRow(
            long id, String name, String hint, String scopes, String created, String used, String state) {}

    /** A scope the new-token form offers, with what it grants. */
    public record ScopeChoice(String name, String grants) {}

    /** A release asset as the Releases page lists it, with its download link. */
    public record AssetRow(String name, String label, String size, String href, long downloads) {}

    /**
     * A release on the Releases page: {@code notesHtml} is its rendered Markdown, {@code commit} the tagged commit (or
     * the draft's target while its tag does not exist yet).
     */
    public record ReleaseRow(
            String title,
            String tag,
            String href,
            String commit,
            String shortCommit,
            String author,
            String when,
            boolean draft,
            boolean prerelease,
            boolean latest,
            String notesHtml,
            List<AssetRow> assets,
            Optional<CodeModel.Archives> sourceCode) {}

    /** The Releases page, or one release's page when {@code single}. */
    public record ReleasesView(String fullName, boolean single, List<ReleaseRow> releases) {}
}
