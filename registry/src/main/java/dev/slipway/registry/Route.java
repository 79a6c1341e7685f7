package dev.slipway.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request path under {@code /v2}, parsed and validated. */
sealed interface Route {
    /** {@code /v2/}: the API version check. */
    record Base() implements Route {}

    /** {@code /v2/token}: the bearer token endpoint. */
    record Token() implements Route {}

    /** {@code /v2/_catalog}. */
    record Catalog() implements Route {}

    /** {@code /v2/<name>/tags/list}. */
    record Tags(String name) implements Route {}

    /** {@code /v2/<name>/manifests/<tag or digest>}. */
    record Manifest(String name, String reference) implements Route {}

    /** {@code /v2/<name>/blobs/<digest>}. */
    record Blob(String name, Digest digest) implements Route {}

    /** {@code /v2/<name>/blobs/uploads/}. */
    record UploadStart(String name) implements Route {}

    /** {@code /v2/<name>/blobs/uploads/<id>}. */
    record Upload(String name, String id) implements Route {}

    /** {@code /v2/<name>/referrers/<digest>}. */
    record Referrers(String name, Digest digest) implements Route {}

    /** The repository a route acts on, if any. */
    default java.util.Optional<String> repository() {
        return switch (this) {
            case Tags t -> java.util.Optional.of(t.name());
            case Manifest m -> java.util.Optional.of(m.name());
            case Blob b -> java.util.Optional.of(b.name());
            case UploadStart u -> java.util.Optional.of(u.name());
            case Upload u -> java.util.Optional.of(u.name());
            case Referrers r -> java.util.Optional.of(r.name());
            case Base b -> java.util.Optional.empty();
            case Token t -> java.util.Optional.empty();
            case Catalog c -> java.util.Optional.empty();
        };
    }

    // greedy: the last /manifests/, /blobs/, ... separates the name, as in distribution's router
    Pattern REPO = Pattern.compile("/(.+)/(manifests|blobs|tags|referrers)/(.*)");

    /**
     * Parses the part of the path after {@code /v2}; already percent-decoded.
     *
     * @throws RegistryException {@code NAME_INVALID}, {@code DIGEST_INVALID}, or {@code NAME_UNKNOWN} for paths that
     *     are not part of the API
     */
    static Route parse(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return new Base();
        }
        if (path.equals("/token")) {
            return new Token();
        }
        if (path.equals("/_catalog")) {
            return new Catalog();
        }
        Matcher m = REPO.matcher(path);
        if (!m.matches()) {
            throw notFound(path);
        }
        String name = Names.requireName(m.group(1));
        String rest = m.group(3);
        return switch (m.group(2)) {
            case "manifests" -> {
                if (rest.isEmpty() || rest.contains("/")) {
                    throw notFound(path);
                }
                if (Digest.looksLikeDigest(rest)) {
                    Digest.parse(rest);
                } else {
                    Names.requireTag(rest);
                }
                yield new Manifest(name, rest);
            }
            case "blobs" -> {
                if (rest.equals("uploads") || rest.equals("uploads/")) {
                    yield new UploadStart(name);
                }
                if (rest.startsWith("uploads/") && rest.indexOf('/', 8) < 0) {
                    yield new Upload(name, rest.substring(8));
                }
                if (rest.contains("/")) {
                    throw notFound(path);
                }
                yield new Blob(name, Digest.parse(rest));
            }
            case "tags" -> {
                if (!rest.equals("list")) {
                    throw notFound(path);
                }
                yield new Tags(name);
            }
            default -> {
                if (rest.contains("/")) {
                    throw notFound(path);
                }
                yield new Referrers(name, Digest.parse(rest));
            }
        };
    }

    private static RegistryException notFound(String path) {
        return new RegistryException(ErrorCode.NAME_UNKNOWN, "no such registry endpoint: /v2" + path);
    }
}
