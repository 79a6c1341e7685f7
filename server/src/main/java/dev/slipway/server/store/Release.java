package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A release of a repository, as GitHub's: a tag with notes and downloadable assets ({@link ReleaseAsset}).
 *
 * @param targetCommitish the branch or commit the tag is created at when it does not exist yet
 * @param authorLogin the author's login while the author's account exists
 * @param published when it was published; empty for a draft
 */
public record Release(
        long id,
        long repoId,
        String tagName,
        String targetCommitish,
        Optional<String> name,
        Optional<String> body,
        boolean draft,
        boolean prerelease,
        Optional<Long> authorId,
        Optional<String> authorLogin,
        Instant created,
        Optional<Instant> published) {

    /** The fields a client sets. */
    public ReleaseFields fields() {
        return new ReleaseFields(tagName, targetCommitish, name, body, draft, prerelease);
    }
}
