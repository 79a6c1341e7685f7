package dev.slipway.server.api;

import dev.slipway.git.TreeEntry;
import dev.slipway.server.releases.ReleaseLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * JSON of the contents API, field for field like GitHub's: an entry of a directory, a file with its content in base64
 * (none beyond {@link #INLINE_LIMIT}, encoding {@code none}), a symlink with its target, a submodule with its URL. The
 * links name the ref the request named, as GitHub's do.
 */
record ContentViews(Links links, String fullName, String ref) {
    /** The largest file whose content the JSON carries: 1 MiB, as on GitHub. */
    static final long INLINE_LIMIT = 1024 * 1024;

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(60, new byte[] {'\n'});

    static String type(TreeEntry e) {
        return switch (e.type()) {
            case DIRECTORY -> "dir";
            case SUBMODULE -> "submodule";
            case SYMLINK -> "symlink";
            case FILE, EXECUTABLE -> "file";
        };
    }

    /** An entry as a directory listing shows it. */
    Map<String, @Nullable Object> entry(TreeEntry e) {
        var api = links.repoApi(fullName);
        var web = "/" + fullName;
        var at = ReleaseLinks.encode(ref + "/" + e.path());
        var self = api + "/contents/" + ReleaseLinks.encode(e.path()) + "?ref="
                + URLEncoder.encode(ref, StandardCharsets.UTF_8);
        String git;
        String html;
        String download;
        switch (e.type()) {
            case DIRECTORY -> {
                git = api + "/git/trees/" + e.sha();
                html = links.web(web + "/tree/" + at);
                download = null;
            }
            case SUBMODULE -> {
                // the commit lives in another repository: nothing here to link to
                git = null;
                html = null;
                download = null;
            }
            default -> {
                git = api + "/git/blobs/" + e.sha();
                html = links.web(web + "/blob/" + at);
                download = links.web(web + "/raw/" + at);
            }
        }
        var m = Views.obj();
        m.put("type", type(e));
        m.put("size", e.size().orElse(0));
        m.put("name", e.name());
        m.put("path", e.path());
        m.put("sha", e.sha());
        m.put("url", self);
        m.put("git_url", git);
        m.put("html_url", html);
        m.put("download_url", download);
        var linksObject = Views.obj();
        linksObject.put("self", self);
        linksObject.put("git", git);
        linksObject.put("html", html);
        m.put("_links", linksObject);
        return m;
    }

    /** A file; {@code content} empty when it is larger than {@link #INLINE_LIMIT}. */
    Map<String, @Nullable Object> file(TreeEntry e, Optional<byte[]> content) {
        var m = entry(e);
        m.put("type", "file");
        m.put("encoding", content.isPresent() ? "base64" : "none");
        m.put("content", content.map(ContentViews::base64).orElse(""));
        return m;
    }

    /** A symlink whose target is not a file of the repository. */
    Map<String, @Nullable Object> symlink(TreeEntry e, String target) {
        var m = entry(e);
        m.put("target", target);
        return m;
    }

    Map<String, @Nullable Object> submodule(TreeEntry e, Optional<String> url) {
        var m = entry(e);
        m.put("submodule_git_url", url.orElse(null));
        return m;
    }

    /** A directory in the object form ({@code application/vnd.github.object}): the listing under {@code entries}. */
    Map<String, @Nullable Object> directory(Optional<TreeEntry> dir, List<TreeEntry> entries) {
        var m = dir.map(this::entry).orElseGet(this::root);
        m.put("entries", entries.stream().map(this::entry).toList());
        return m;
    }

    private Map<String, @Nullable Object> root() {
        var m = Views.obj();
        m.put("type", "dir");
        m.put("size", 0);
        m.put("name", "");
        m.put("path", "");
        m.put("url", links.repoApi(fullName) + "/contents?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8));
        m.put("html_url", links.web("/" + fullName + "/tree/" + ReleaseLinks.encode(ref)));
        m.put("download_url", null);
        return m;
    }

    static String base64(byte[] bytes) {
        // GitHub's lines of 60 characters, each ended by a newline
        return bytes.length == 0 ? "" : BASE64.encodeToString(bytes) + "\n";
    }
}
