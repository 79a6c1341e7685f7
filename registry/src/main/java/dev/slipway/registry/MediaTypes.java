package dev.slipway.registry;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The manifest media types this registry stores, and Accept header negotiation over them. */
final class MediaTypes {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";

    static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST);

    private MediaTypes() {}

    static boolean isIndex(String mediaType) {
        return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST);
    }

    /** {@code application/json; charset=utf-8} becomes {@code application/json}. */
    static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a client sending these Accept headers takes {@code mediaType}. No header, a wildcard or the type itself
     * all mean yes; clients that list types without this one (old Docker asking only for schema 2) get no.
     */
    static boolean accepts(List<String> acceptHeaders, String mediaType) {
        boolean any = false;
        for (String header : acceptHeaders) {
            for (String part : header.split(",")) {
                String type = essence(part);
                if (type.isEmpty()) {
                    continue;
                }
                any = true;
                if (type.equals(mediaType) || type.equals("*/*") || type.equals("application/*")) {
                    return true;
                }
            }
        }
        return !any;
    }
}
