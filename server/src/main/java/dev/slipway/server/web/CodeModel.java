package dev.slipway.server.web;

import dev.slipway.git.ArchiveFormat;
import dev.slipway.git.Branch;
import dev.slipway.git.Tag;
import dev.slipway.server.releases.SourceArchives;
import java.util.List;
import java.util.Optional;

/** What the repository code templates show (see {@link Model} for the conventions). */
public final class CodeModel {
    private CodeModel() {}

    /** One step of the breadcrumb path; the last one is where the visitor is. */
    public record Crumb(String name, String href) {}

    /**
     * The repository's header: clone URL, ref switcher, counts, the source archives of the ref; {@code ref} is what
     * the page shows.
     */
    public record Head(
            String fullName,
            String description,
            boolean isPrivate,
            String cloneUrl,
            String ref,
            List<RunModel.Option> refs,
            int branches,
            int tags,
            String commitsHref,
            Archives archives) {}

    /** The web addresses of a ref's source archives ({@code ref} as {@code refs/tags/v1}, {@code refs/heads/main}). */
    public record Archives(String zipHref, String tarHref) {
        static Archives of(String fullName, String ref) {
            return new Archives(
                    SourceArchives.webPath(fullName, ref, ArchiveFormat.ZIP),
                    SourceArchives.webPath(fullName, ref, ArchiveFormat.TAR_GZ));
        }

        /** Those of a page's ref: a branch or tag by GitHub's address ({@code refs/heads/main}), a commit id as it is. */
        static Archives ofRef(String fullName, List<Branch> branches, List<Tag> tags, String ref) {
            if (branches.stream().anyMatch(b -> b.name().equals(ref))) {
                return of(fullName, "refs/heads/" + ref);
            }
            return of(fullName, tags.stream().anyMatch(t -> t.name().equals(ref)) ? "refs/tags/" + ref : ref);
        }
    }

    public record Entry(String name, String href, boolean directory, String size) {}

    public record TreeView(
            Head head,
            boolean empty,
            String defaultBranch,
            List<Crumb> crumbs,
            List<Entry> entries,
            Optional<Model.CommitRow> latest,
            Optional<String> readmeName,
            Optional<String> readmeHtml) {}

    /** A file: text as numbered lines, rendered Markdown, or a note for binary files. */
    public record BlobView(
            Head head,
            List<Crumb> crumbs,
            String name,
            String size,
            String rawHref,
            List<String> lines,
            Optional<String> markdownHtml,
            boolean binary,
            boolean truncated) {}

    public record CommitsView(
            Head head,
            List<Model.CommitRow> commits,
            Optional<String> newerHref,
            Optional<String> olderHref,
            int page) {}

    public record RefRow(
            String name,
            String treeHref,
            String commitsHref,
            String sha,
            String subject,
            String when,
            boolean isDefault,
            Optional<Archives> archives) {}

    public record RefsView(Head head, String kind, List<RefRow> refs) {}
}
