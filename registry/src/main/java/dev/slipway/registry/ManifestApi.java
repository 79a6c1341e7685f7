package dev.slipway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /v2/<name>/manifests/<reference>}: exact bytes in, exact bytes out, validated on the way in. */
final class ManifestApi {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestApi.class);
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    private final Storage storage;
    private final TagPolicy tagPolicy;
    private final RegistryListener listener;
    private final Map<String, Object> tagLocks = new ConcurrentHashMap<>();

    ManifestApi(Storage storage, TagPolicy tagPolicy, RegistryListener listener) {
        this.storage = storage;
        this.tagPolicy = tagPolicy;
        this.listener = listener;
    }

    void get(Exchange ex, Route.Manifest route) throws IOException {
        String name = route.name();
        boolean byTag = !Digest.looksLikeDigest(route.reference());
        Digest digest = resolve(name, route.reference());
        String mediaType = storage.repositories.manifestType(name, digest).orElseThrow(() -> unknown(route));
        if (byTag && !MediaTypes.accepts(ex.headers("Accept"), mediaType)) {
            throw new RegistryException(
                    ErrorCode.MANIFEST_UNKNOWN,
                    "manifest " + route.reference() + " is " + mediaType + ", which the client does not accept");
        }
        Path path = storage.blobs.path(digest);
        try (FileChannel in = FileChannel.open(path)) {
            long size = in.size();
            ex.header("Docker-Content-Digest", digest.toString()).header("ETag", "\"" + digest + "\"");
            ex.response().setStatus(200);
            ex.response().setContentType(mediaType);
            ex.response().setContentLengthLong(size);
            if (!ex.isHead()) {
                OutputStream out = ex.response().getOutputStream();
                Streams.send(in, 0, size, out);
                out.flush();
            }
        } catch (NoSuchFileException e) {
            ex.response().reset();
            throw unknown(route);
        }
    }

    /** Stores a manifest; {@code pusher} is the authenticated principal, for the listener. */
    void put(Exchange ex, Route.Manifest route, Optional<String> pusher) throws IOException {
        String name = route.name();
        byte[] content = readBounded(ex);
        Manifest manifest = Manifest.parse(content, ex.header("Content-Type"));
        boolean byTag = !Digest.looksLikeDigest(route.reference());
        Digest digest = byTag
                ? Digest.sha256(content)
                : Digest.of(
                        Digest.parse(route.reference()).algorithm(),
                        Digest.hasher(Digest.parse(route.reference()).algorithm())
                                .digest(content));
        if (!byTag && !digest.equals(Digest.parse(route.reference()))) {
            throw new RegistryException(
                    ErrorCode.DIGEST_INVALID, "manifest has digest " + digest + ", not " + route.reference());
        }
        Object lock = tagLocks.computeIfAbsent(name, k -> new Object());
        synchronized (lock) {
            if (byTag) {
                checkMutable(name, route.reference(), Optional.of(digest));
            }
            storage.shared(() -> {
                requireReferences(name, manifest);
                Path temp = storage.files.newTempFile();
                try {
                    Files.write(temp, content);
                    storage.blobs.commit(temp, digest);
                } finally {
                    storage.files.release(temp);
                }
                storage.repositories.linkManifest(name, digest, manifest.mediaType());
                if (byTag) {
                    storage.repositories.tag(name, route.reference(), digest);
                }
                if (manifest.subject().isPresent()) {
                    storage.repositories.addReferrer(
                            name,
                            manifest.subject().get().digest(),
                            digest,
                            referrerDescriptor(manifest, digest, content));
                }
                return null;
            });
        }
        ex.header("Location", ex.location("/" + name + "/manifests/" + digest))
                .header("Docker-Content-Digest", digest.toString());
        manifest.subject().ifPresent(s -> ex.header("OCI-Subject", s.digest().toString()));
        ex.empty(201);
        var image = describe(manifest, content.length);
        notify(new ManifestEvent(
                name,
                route.reference(),
                digest.toString(),
                manifest.mediaType(),
                content.length,
                labels(manifest),
                image.size(),
                image.platforms(),
                pusher,
                manifest.children().stream().map(c -> c.digest().toString()).toList()));
    }

    void delete(Exchange ex, Route.Manifest route) throws IOException {
        String name = route.name();
        Object lock = tagLocks.computeIfAbsent(name, k -> new Object());
        ManifestEvent event;
        synchronized (lock) {
            if (!Digest.looksLikeDigest(route.reference())) {
                Digest digest = resolve(name, route.reference());
                checkMutable(name, route.reference(), Optional.empty());
                storage.repositories.untag(name, route.reference());
                String type = storage.repositories.manifestType(name, digest).orElse("");
                event = new ManifestEvent(name, route.reference(), digest.toString(), type, 0, Map.of());
            } else {
                Digest digest = Digest.parse(route.reference());
                String type = storage.repositories.manifestType(name, digest).orElseThrow(() -> unknown(route));
                List<String> tags = storage.repositories.tagsOf(name, digest);
                for (String tag : tags) {
                    checkMutable(name, tag, Optional.empty());
                }
                for (String tag : tags) {
                    storage.repositories.untag(name, tag);
                }
                try {
                    Manifest manifest =
                            Manifest.parse(storage.readSmall(digest, storage.maxManifestBytes), Optional.of(type));
                    if (manifest.subject().isPresent()) {
                        storage.repositories.removeReferrer(
                                name, manifest.subject().get().digest(), digest);
                    }
                } catch (NoSuchFileException | RegistryException e) {
                    // nothing to unindex
                }
                storage.repositories.unlinkManifest(name, digest);
                event = new ManifestEvent(name, route.reference(), digest.toString(), type, 0, Map.of());
            }
        }
        ex.empty(202);
        try {
            listener.manifestDeleted(event);
        } catch (RuntimeException e) {
            LOG.warn("registry listener failed on delete of {}@{}", event.repository(), event.digest(), e);
        }
    }

    private Digest resolve(String name, String reference) throws IOException {
        if (Digest.looksLikeDigest(reference)) {
            return Digest.parse(reference);
        }
        return storage.repositories
                .resolveTag(name, reference)
                .orElseThrow(() -> new RegistryException(
                        ErrorCode.MANIFEST_UNKNOWN, "manifest " + name + ":" + reference + " is unknown"));
    }

    /** An immutable tag may be set once, re-pushed with the same digest, and never moved or deleted. */
    private void checkMutable(String name, String tag, Optional<Digest> newDigest) throws IOException {
        Optional<String> reason = tagPolicy.immutable(name, tag);
        if (reason.isEmpty()) {
            return;
        }
        Optional<Digest> current = storage.repositories.resolveTag(name, tag);
        if (current.isPresent() && !current.equals(newDigest)) {
            throw new RegistryException(
                    ErrorCode.DENIED,
                    "tag " + tag + " in " + name + " is immutable (" + reason.get() + "); it already points to "
                            + current.get() + ", push a new tag instead");
        }
    }

    private void requireReferences(String name, Manifest manifest) throws IOException {
        for (Manifest.Descriptor blob : manifest.requiredBlobs()) {
            if (!storage.repositories.hasBlob(name, blob.digest()) || !storage.blobs.exists(blob.digest())) {
                throw new RegistryException(
                        ErrorCode.MANIFEST_BLOB_UNKNOWN,
                        "blob " + blob.digest() + " is unknown to " + name,
                        Optional.of(blob.digest().toString()));
            }
        }
        for (Manifest.Descriptor child : manifest.children()) {
            if (storage.repositories.manifestType(name, child.digest()).isEmpty()
                    || !storage.blobs.exists(child.digest())) {
                throw new RegistryException(
                        ErrorCode.MANIFEST_BLOB_UNKNOWN,
                        "manifest " + child.digest() + " is unknown to " + name,
                        Optional.of(child.digest().toString()));
            }
        }
    }

    private byte[] readBounded(Exchange ex) throws IOException {
        long declared = ex.request().getContentLengthLong();
        if (declared > storage.maxManifestBytes) {
            throw tooLarge();
        }
        try (InputStream in = ex.body()) {
            byte[] content = in.readNBytes((int) storage.maxManifestBytes + 1);
            if (content.length > storage.maxManifestBytes) {
                throw tooLarge();
            }
            return content;
        }
    }

    private RegistryException tooLarge() {
        return new RegistryException(
                ErrorCode.TOO_LARGE, "manifest exceeds the limit of " + storage.maxManifestBytes + " bytes");
    }

    private static byte[] referrerDescriptor(Manifest manifest, Digest digest, byte[] content) throws IOException {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", manifest.mediaType());
        descriptor.put("digest", digest.toString());
        descriptor.put("size", content.length);
        manifest.effectiveArtifactType().ifPresent(t -> descriptor.put("artifactType", t));
        if (!manifest.annotations().isEmpty()) {
            descriptor.put("annotations", manifest.annotations());
        }
        return Manifest.JSON.writeValueAsBytes(descriptor);
    }

    /** Config labels overlaid with manifest annotations, so either place can carry the source revision. */
    private Map<String, String> labels(Manifest manifest) {
        Map<String, String> result = new LinkedHashMap<>();
        imageConfig(manifest)
                .ifPresent(config ->
                        result.putAll(Manifest.strings(config.path("config").path("Labels"))));
        result.putAll(manifest.annotations());
        return result;
    }

    /** Size and platforms of what a manifest describes, for the listener. */
    private record Described(long size, List<String> platforms) {}

    private Described describe(Manifest manifest, long manifestSize) {
        if (manifest.children().isEmpty()) {
            long size = manifestSize
                    + manifest.config().map(Manifest.Descriptor::size).orElse(0L)
                    + manifest.layers().stream()
                            .mapToLong(Manifest.Descriptor::size)
                            .sum();
            return new Described(
                    size,
                    imageConfig(manifest).flatMap(ManifestApi::platform).stream()
                            .toList());
        }
        long size = manifestSize;
        List<String> platforms = new ArrayList<>();
        for (Manifest.Descriptor child : manifest.children()) {
            try {
                byte[] content = storage.readSmall(child.digest(), storage.maxManifestBytes);
                var described = describe(Manifest.parse(content, Optional.of(child.mediaType())), content.length);
                size += described.size();
                platforms.addAll(described.platforms());
            } catch (IOException | RuntimeException e) {
                size += child.size();
                LOG.debug("cannot describe {} of an index", child.digest(), e);
            }
        }
        return new Described(size, platforms);
    }

    /** The parsed image config of an image manifest, when it is a small OCI or Docker config. */
    private Optional<JsonNode> imageConfig(Manifest manifest) {
        return manifest.config()
                .filter(c -> c.mediaType().equals(MediaTypes.OCI_CONFIG)
                        || c.mediaType().equals(MediaTypes.DOCKER_CONFIG))
                .filter(c -> c.size() <= MAX_CONFIG_BYTES)
                .flatMap(c -> {
                    try {
                        return Optional.of(Manifest.JSON.readTree(storage.readSmall(c.digest(), MAX_CONFIG_BYTES)));
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("cannot read config {}", c.digest(), e);
                        return Optional.empty();
                    }
                });
    }

    private static Optional<String> platform(JsonNode config) {
        String os = config.path("os").asText("");
        String arch = config.path("architecture").asText("");
        if (os.isEmpty() || arch.isEmpty()) {
            return Optional.empty();
        }
        String variant = config.path("variant").asText("");
        return Optional.of(os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
    }

    private void notify(ManifestEvent event) {
        try {
            listener.manifestPushed(event);
        } catch (RuntimeException e) {
            LOG.warn("registry listener failed on push of {}@{}", event.repository(), event.digest(), e);
        }
    }

    private static RegistryException unknown(Route.Manifest route) {
        return new RegistryException(
                ErrorCode.MANIFEST_UNKNOWN, "manifest " + route.name() + "@" + route.reference() + " is unknown");
    }
}
