package dev.slipway.server.api;

import dev.slipway.server.releases.ReleaseLinks;
import dev.slipway.server.store.Release;
import dev.slipway.server.store.ReleaseAsset;
import dev.slipway.server.store.Repo;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON of releases and their assets, field for field like GitHub's. */
final class ReleaseViews {
    private ReleaseViews() {}

    static String url(Release r, Repo repo, Links links) {
        return links.repoApi(repo.fullName()) + "/releases/" + r.id();
    }

    static Map<String, @Nullable Object> release(Release r, List<ReleaseAsset> assets, Repo repo, Links links) {
        var api = url(r, repo, links);
        var m = Views.obj();
        m.put("url", api);
        m.put("html_url", links.web(ReleaseLinks.page(repo.fullName(), r.tagName())));
        m.put("assets_url", api + "/assets");
        // RFC 6570, as GitHub's (whose uploads host is this same server here)
        m.put("upload_url", api + "/assets{?name,label}");
        m.put("tarball_url", links.repoApi(repo.fullName()) + "/tarball/" + ReleaseLinks.encode(r.tagName()));
        m.put("zipball_url", links.repoApi(repo.fullName()) + "/zipball/" + ReleaseLinks.encode(r.tagName()));
        m.put("id", r.id());
        m.put("tag_name", r.tagName());
        m.put("target_commitish", r.targetCommitish());
        m.put("name", r.name().orElse(null));
        m.put("body", r.body().orElse(null));
        m.put("draft", r.draft());
        m.put("prerelease", r.prerelease());
        m.put("created_at", Views.time(r.created()));
        m.put("published_at", r.published().map(Views::time).orElse(null));
        m.put(
                "author",
                r.authorId()
                        .map(id -> (Object) Views.owner(id, r.authorLogin().orElse("")))
                        .or(() -> r.authorLogin().map(Views::login)) // a job's token: github-actions[bot]
                        .orElse(null));
        m.put("assets", assets.stream().map(a -> asset(a, r, repo, links)).toList());
        return m;
    }

    static Map<String, @Nullable Object> asset(ReleaseAsset a, Release r, Repo repo, Links links) {
        var m = Views.obj();
        m.put("url", links.repoApi(repo.fullName()) + "/releases/assets/" + a.id());
        m.put("browser_download_url", links.web(ReleaseLinks.download(repo.fullName(), r.tagName(), a.name())));
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("label", a.label().orElse(null));
        m.put("state", "uploaded");
        m.put("content_type", a.contentType());
        m.put("size", a.size());
        m.put("digest", a.digest());
        m.put("download_count", a.downloadCount());
        m.put("created_at", Views.time(a.created()));
        m.put("updated_at", Views.time(a.updated()));
        m.put(
                "uploader",
                a.uploaderId()
                        .map(id -> (Object) Views.owner(id, a.uploaderLogin().orElse("")))
                        .or(() -> a.uploaderLogin().map(Views::login))
                        .orElse(null));
        return m;
    }
}
