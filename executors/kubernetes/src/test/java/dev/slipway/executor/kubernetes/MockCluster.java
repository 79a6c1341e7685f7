package dev.slipway.executor.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** What a test needs of fabric8's mock API server: a kubelet that sets pods' status, exec answers and their paths. */
final class MockCluster {
    static final String NS = "ci";

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    MockCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** Plays the kubelet: gives the first pod created within 10 s the status {@code status} makes of it. */
    Thread kubelet(UnaryOperator<PodStatusBuilder> status) {
        return Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 1000; i++) {
                List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
                if (!pods.isEmpty()) {
                    Pod p = pods.get(0);
                    p.setStatus(status.apply(new PodStatusBuilder()).build());
                    client.pods().inNamespace(NS).resource(p).updateStatus();
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    static PodStatusBuilder ready(PodStatusBuilder b) {
        return b.withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition();
    }

    static PodStatusBuilder imagePullFails(PodStatusBuilder b) {
        return b.withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("job")
                        .withImage("registry.example/nope:1")
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ErrImagePull")
                        .withMessage("pull access denied for registry.example/nope")
                        .endWaiting()
                        .endState()
                        .build());
    }

    /** The path of an exec of {@code command} in the job container of {@code pod}, as fabric8 encodes it. */
    static String execPath(String pod, List<String> command, String streams) {
        StringBuilder s = new StringBuilder("/api/v1/namespaces/" + NS + "/pods/" + pod + "/exec?");
        for (String c : command) {
            s.append("command=")
                    .append(URLEncoder.encode(c, StandardCharsets.UTF_8)
                            .replace("+", "%20")
                            .replace("%7E", "~"))
                    .append('&');
        }
        return s.append("container=job&").append(streams).toString();
    }

    /** Answers the exec at {@code path} with {@code messages} (an exit status last), then closes the stream. */
    void exec(String path, Object... messages) {
        server.expect()
                .get()
                .withPath(path)
                .andUpgradeToWebSocket()
                .open(messages)
                .done()
                .always();
    }

    /** Answers the copy back of {@code dirs} with a tar stream of {@code files} (absolute path to content). */
    void copyOut(String pod, List<String> dirs, Map<String, String> files) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", WorkspaceSync.PACK, "sh"));
        dirs.forEach(d -> cmd.add(d.substring(1)));
        exec(execPath(pod, cmd, "stdout=true&stderr=true"), stdout(tar(files)), new StatusStreamMessage(0));
    }

    /** Bytes on the exec's stdout channel. */
    static WebSocketMessage stdout(byte[] data) {
        byte[] framed = new byte[data.length + 1];
        framed[0] = 1;
        System.arraycopy(data, 0, framed, 1, data.length);
        return new WebSocketMessage(0L, framed, true, true);
    }

    static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey().substring(1));
                e.setSize(content.length);
                e.setMode(0644);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    /** Paths of every request the server received so far. */
    List<String> requests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        int n = server.getRequestCount();
        for (int i = 0; i < n; i++) {
            var r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
            if (r != null) {
                paths.add(r.getPath());
            }
        }
        return paths;
    }

    /** Records what is copied into the pod (the mock cannot take an exec's stdin) and copies back for real. */
    static final class CopiesIn implements PodFiles {
        final List<List<java.nio.file.Path>> dirs = new ArrayList<>();
        final List<String> envFiles = new ArrayList<>();

        @Override
        public void up(io.fabric8.kubernetes.client.dsl.ContainerResource container, List<java.nio.file.Path> copied)
                throws java.io.IOException {
            dirs.add(copied);
            try (var files = java.nio.file.Files.list(copied.get(copied.size() - 1))) {
                for (java.nio.file.Path f : files.filter(
                                f -> f.getFileName().toString().startsWith(".slipway-k8s-env"))
                        .toList()) {
                    envFiles.add(java.nio.file.Files.readString(f));
                }
            }
        }

        @Override
        public void down(io.fabric8.kubernetes.client.dsl.ContainerResource container, List<java.nio.file.Path> copied)
                throws java.io.IOException {
            PodFiles.EXEC.down(container, copied);
        }
    }
}
