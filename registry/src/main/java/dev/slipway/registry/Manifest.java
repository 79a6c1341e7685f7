package dev.slipway.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry needs to know about a pushed manifest: its type, the blobs and child manifests it references (which
 * must exist), its {@code subject} for the referrers API, and its annotations.
 */
record Manifest(
        String mediaType,
        Optional<String> artifactType,
        Optional<Descriptor> config,
        List<Descriptor> layers,
        List<Descriptor> children,
        Optional<Descriptor> subject,
        Map<String, String> annotations) {

    /** A content descriptor; {@code foreign} ones (with {@code urls}) live elsewhere and need not be pushed. */
    record Descriptor(
            String mediaType,
            Digest digest,
            long size,
            Optional<String> artifactType,
            Map<String, String> annotations,
            boolean foreign) {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** Blobs that must be present: the config and every layer that is not foreign. */
    List<Descriptor> requiredBlobs() {
        List<Descriptor> blobs = new ArrayList<>();
        config.ifPresent(blobs::add);
        layers.stream().filter(d -> !d.foreign()).forEach(blobs::add);
        return blobs;
    }

    /** The artifact type reported by the referrers API: explicit, else the config's media type. */
    Optional<String> effectiveArtifactType() {
        return artifactType.or(() -> config.map(Descriptor::mediaType));
    }

    /**
     * Parses and checks a manifest. The media type comes from the Content-Type header when it names a manifest type,
     * else from the document's {@code mediaType}, else from its shape; the two must agree when both are given.
     */
    static Manifest parse(byte[] content, Optional<String> contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw invalid("manifest is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("manifest is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("manifest must be a JSON object");
        }
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw invalid("only schemaVersion 2 manifests are supported");
        }
        Optional<String> declared = text(root, "mediaType");
        Optional<String> header = contentType.map(MediaTypes::essence).filter(MediaTypes.MANIFESTS::contains);
        String mediaType;
        if (header.isPresent()) {
            if (declared.isPresent() && !declared.get().equals(header.get())) {
                throw invalid("mediaType " + declared.get() + " does not match Content-Type " + header.get());
            }
            mediaType = header.get();
        } else if (declared.isPresent()) {
            mediaType = declared.get();
        } else {
            mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (!MediaTypes.MANIFESTS.contains(mediaType)) {
            throw invalid("unsupported manifest media type " + mediaType);
        }
        Optional<Descriptor> subject =
                root.has("subject") ? Optional.of(descriptor(root.get("subject"), "subject")) : Optional.empty();
        if (MediaTypes.isIndex(mediaType)) {
            if (!root.path("manifests").isArray()) {
                throw invalid("an index needs a manifests array");
            }
            return new Manifest(
                    mediaType,
                    text(root, "artifactType"),
                    Optional.empty(),
                    List.of(),
                    descriptors(root.get("manifests"), "manifests"),
                    subject,
                    strings(root.path("annotations")));
        }
        if (!root.path("config").isObject()) {
            throw invalid("an image manifest needs a config descriptor");
        }
        JsonNode layers = root.path("layers");
        if (!layers.isArray() && !(layers.isMissingNode() && mediaType.equals(MediaTypes.OCI_MANIFEST))) {
            throw invalid("layers must be an array");
        }
        return new Manifest(
                mediaType,
                text(root, "artifactType"),
                Optional.of(descriptor(root.get("config"), "config")),
                layers.isArray() ? descriptors(layers, "layers") : List.of(),
                List.of(),
                subject,
                strings(root.path("annotations")));
    }

    private static List<Descriptor> descriptors(JsonNode array, String field) {
        List<Descriptor> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            result.add(descriptor(array.get(i), field + "[" + i + "]"));
        }
        return result;
    }

    private static Descriptor descriptor(JsonNode node, String where) {
        if (!node.isObject()) {
            throw invalid(where + " must be a descriptor object");
        }
        String mediaType = text(node, "mediaType").orElseThrow(() -> invalid(where + " has no mediaType"));
        String digestText = text(node, "digest").orElseThrow(() -> invalid(where + " has no digest"));
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (RegistryException e) {
            throw invalid(where + " has an invalid digest " + digestText);
        }
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw invalid(where + " has no valid size");
        }
        return new Descriptor(
                mediaType,
                digest,
                size.asLong(),
                text(node, "artifactType"),
                strings(node.path("annotations")),
                node.path("urls").isArray() && !node.path("urls").isEmpty());
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return Optional.of(value.asText());
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object.isObject()) {
            object.properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    map.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return map;
    }

    static RegistryException invalid(String message) {
        return new RegistryException(ErrorCode.MANIFEST_INVALID, message);
    }
}
