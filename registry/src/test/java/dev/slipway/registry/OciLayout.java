package dev.slipway.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes an OCI image layout with tiny real images (one file per layer) for skopeo and podman tests. */
final class OciLayout {
    private final Path dir;
    private final List<String> refs = new ArrayList<>();

    OciLayout(Path dir) {
        this.dir = dir;
        write("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(UTF_8));
    }

    Path dir() {
        return dir;
    }

    /** A one-layer image for {@code arch}; returns its manifest descriptor JSON (with platform). */
    String image(String arch, String fileText, String revision) {
        byte[] tar = tar("hello.txt", fileText.getBytes(UTF_8));
        byte[] layer = gzip(tar);
        String layerDigest = blob(layer);
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/hello.txt\"],"
                        + "\"Labels\":{\"" + ManifestEvent.REVISION + "\":\"" + revision + "\"}},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar) + "\"]}}")
                .getBytes(UTF_8);
        String configDigest = blob(config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                        + "\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + configDigest
                        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
                        + "\",\"size\":" + layer.length + "}]}")
                .getBytes(UTF_8);
        return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + blob(manifest) + "\",\"size\":"
                + manifest.length + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}";
    }

    /** An index over image descriptors; returns its descriptor JSON. */
    String index(String... manifests) {
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                        + String.join(",", manifests) + "]}")
                .getBytes(UTF_8);
        return "{\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"digest\":\"" + blob(index) + "\",\"size\":"
                + index.length;
    }

    /** Names a descriptor (from {@link #image} or {@link #index}) in {@code index.json}, for {@code oci:dir:name}. */
    OciLayout ref(String name, String descriptor) {
        String open = descriptor.endsWith("}") ? descriptor.substring(0, descriptor.length() - 1) : descriptor;
        refs.add(open + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + name + "\"}}");
        write("index.json", ("{\"schemaVersion\":2,\"manifests\":[" + String.join(",", refs) + "]}").getBytes(UTF_8));
        return this;
    }

    private String blob(byte[] content) {
        Digest digest = Digest.sha256(content);
        write("blobs/sha256/" + digest.hex(), content);
        return digest.toString();
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
    static byte[] tar(String name, byte[] content) {
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

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
