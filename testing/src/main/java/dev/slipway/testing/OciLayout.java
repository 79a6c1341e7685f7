package dev.slipway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an OCI image layout with tiny real images (one file per layer) for skopeo and podman tests: {@code oci:DIR:NAME}
 * sources that need no registry.
 */
public final class OciLayout {
    /** The label and annotation naming an image's source commit. */
    public static final String REVISION = "org.opencontainers.image.revision";

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

    private final Path dir;
    private final List<String> refs = new ArrayList<>();

    /** A layout in {@code dir}, created if missing. */
    public OciLayout(Path dir) {
        this.dir = dir;
        write("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(UTF_8));
    }

    /** The layout's directory. */
    public Path dir() {
        return dir;
    }

    /** A one-layer image for {@code arch}; returns its manifest descriptor JSON (with platform). */
    public String image(String arch, String fileText, String revision) {
        byte[] tar = tar("hello.txt", fileText.getBytes(UTF_8));
        byte[] layer = gzip(tar);
        String layerDigest = blob(layer);
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/hello.txt\"],"
                        + "\"Labels\":{\"" + REVISION + "\":\"" + revision + "\"}},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + sha256(tar) + "\"]}}")
                .getBytes(UTF_8);
        String configDigest = blob(config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"" + OCI_CONFIG + "\",\"digest\":\"" + configDigest
                        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
                        + "\",\"size\":" + layer.length + "}]}")
                .getBytes(UTF_8);
        return "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + blob(manifest) + "\",\"size\":"
                + manifest.length + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}";
    }

    /** An index over image descriptors; returns its descriptor JSON. */
    public String index(String... manifests) {
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                        + String.join(",", manifests) + "]}")
                .getBytes(UTF_8);
        return "{\"mediaType\":\"" + OCI_INDEX + "\",\"digest\":\"" + blob(index) + "\",\"size\":" + index.length;
    }

    /** Names a descriptor (from {@link #image} or {@link #index}) in {@code index.json}, for {@code oci:dir:name}. */
    public OciLayout ref(String name, String descriptor) {
        String open = descriptor.endsWith("}") ? descriptor.substring(0, descriptor.length() - 1) : descriptor;
        refs.add(open + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + name + "\"}}");
        write("index.json", ("{\"schemaVersion\":2,\"manifests\":[" + String.join(",", refs) + "]}").getBytes(UTF_8));
        return this;
    }

    private String blob(byte[] content) {
        String digest = sha256(content);
        write("blobs/sha256/" + digest.substring("sha256:".length()), content);
        return digest;
    }

    private void write(String path, byte[] content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ustar archive with one regular file. */
    public static byte[] tar(String name, byte[] content) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, "00000000000");
        put(header, 156, "0");
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512 + 1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code sha256:<hex>} of {@code content}. */
    public static String sha256(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
