package dev.slipway.server.releases;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The web paths of releases, the same in the API's links and on the pages. */
public final class ReleaseLinks {
    private ReleaseLinks() {}

    /** A release's page: {@code /{owner}/{repo}/releases/tag/{tag}}. */
    public static String page(String fullName, String tag) {
        return "/" + fullName + "/releases/tag/" + encode(tag);
    }

    /** Where a browser downloads an asset: {@code /{owner}/{repo}/releases/download/{tag}/{name}}. */
    public static String download(String fullName, String tag, String assetName) {
        return "/" + fullName + "/releases/download/" + encode(tag) + "/" + encode(assetName);
    }

    /** A tag or file name in a URL path, each of its {@code /}-separated parts percent-encoded. */
    public static String encode(String name) {
        return Arrays.stream(name.split("/", -1))
                .map(part -> URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
