package dev.slipway.server.releases;

import dev.slipway.git.ArchiveFormat;
import dev.slipway.git.GitException;
import dev.slipway.git.HostedRepo;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A repository's source at a commit as GitHub serves it: the API's {@code tarball}/{@code zipball} with every entry
 * under {@code {owner}-{repo}-{short sha}/}, and the web's {@code /{owner}/{repo}/archive/{ref}.tar.gz} (or
 * {@code .zip}) under {@code {repo}-{ref}/}, a tag's {@code v} before a digit dropped ({@code v1.2} gives
 * {@code repo-1.2}). The archive is written to the response as it is made, never held in memory.
 */
public final class SourceArchives {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._+@-]");
    private static final Pattern VERSION_TAG = Pattern.compile("v[0-9].*");

    private SourceArchives() {}

    /** The API's name of an archive of commit {@code sha}: {@code alice-shop-1a2b3c4}. */
    public static String apiName(String owner, String repo, String sha) {
        return safe(owner + "-" + repo + "-" + sha.substring(0, Math.min(7, sha.length())));
    }

    /**
     * The web's name of an archive of {@code ref} as its address gives it ({@code refs/tags/v1.2}, {@code
     * refs/heads/main}, {@code main}, a commit id): {@code shop-1.2}, {@code shop-main}.
     */
    public static String webName(String repo, String ref) {
        var name = ref.replaceFirst("^refs/(heads|tags)/", "");
        if (VERSION_TAG.matcher(name).matches()) {
            name = name.substring(1);
        }
        return safe(repo + "-" + name.replace('/', '-'));
    }

    /** The web address of an archive of {@code ref}: {@code /alice/shop/archive/refs/tags/v1.2.tar.gz}. */
    public static String webPath(String fullName, String ref, ArchiveFormat format) {
        return "/" + fullName + "/archive/" + ReleaseLinks.encode(ref) + format.suffix();
    }

    /** What an archive's web address asks for: a ref and a format. */
    public record Wanted(String ref, ArchiveFormat format) {}

    /** Splits the last part of an archive's web address into ref and format: {@code refs/tags/v1.2.tar.gz}. */
    public static Optional<Wanted> parse(String refAndSuffix) {
        for (var format : ArchiveFormat.values()) {
            var suffix = format.suffix();
            if (refAndSuffix.endsWith(suffix) && refAndSuffix.length() > suffix.length()) {
                return Optional.of(
                        new Wanted(refAndSuffix.substring(0, refAndSuffix.length() - suffix.length()), format));
            }
        }
        return Optional.empty();
    }

    /** The commit {@code ref} names; empty as well for what is no revision at all ({@code -x}, {@code a..b}). */
    public static Optional<String> commit(HostedRepo git, String ref) {
        try {
            return git.resolve(ref);
        } catch (GitException e) {
            return Optional.empty();
        }
    }

    /**
     * Answers with the archive of commit {@code sha} as an attachment named {@code name} plus the format's suffix,
     * every entry under {@code name/}. The headers go first; a failure while the bytes flow cuts the response short,
     * which the client sees as a broken download.
     */
    public static void send(Context ctx, HostedRepo git, String sha, ArchiveFormat format, String name) {
        ctx.header("Content-Disposition", "attachment; filename=" + name + format.suffix());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(format.mediaType());
        git.archive(sha, format, name + "/", ctx.outputStream());
    }

    private static String safe(String name) {
        return UNSAFE.matcher(name).replaceAll("-");
    }
}
