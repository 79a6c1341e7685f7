package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.slipway.runtime.spi.ContainerSpec.Credentials;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.LineQueue;
import dev.slipway.runtime.spi.LineSplitter;
import dev.slipway.runtime.spi.LogSink;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Image presence, pulls with collected progress, and content-cached builds. */
final class Images {
    private static final int PROGRESS_LINES_SHOWN = 5;

    private Images() {}

    static boolean present(DockerClient client, String ref) {
        try {
            client.inspectImageCmd(ref).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Uses {@code ref} when present, otherwise pulls it; a failure names the image and the engine's reason. */
    static void ensure(DockerClient client, String ref, Optional<Credentials> credentials) throws ExecutorException {
        if (present(client, ref)) {
            return;
        }
        List<String> progress = new ArrayList<>();
        AtomicReference<String> error = new AtomicReference<>("");
        var pull = client.pullImageCmd(withTag(ref));
        credentials.ifPresent(c -> pull.withAuthConfig(new AuthConfig()
                .withUsername(c.username())
                .withPassword(c.password())
                .withRegistryAddress(registry(ref))));
        try {
            pull.exec(new ResultCallback.Adapter<PullResponseItem>() {
                        @Override
                        public void onNext(PullResponseItem item) {
                            if (item.isErrorIndicated()) {
                                error.set(String.valueOf(
                                        item.getErrorDetail() != null
                                                ? item.getErrorDetail().getMessage()
                                                : item.getError()));
                            } else if (item.getStatus() != null) {
                                progress.add(item.getStatus()
                                        + (item.getProgress() != null ? " " + item.getProgress() : ""));
                            }
                        }
                    })
                    .awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException("cannot pull image '" + ref + "': interrupted", e);
        } catch (RuntimeException e) {
            throw new ExecutorException("cannot pull image '" + ref + "': " + e.getMessage(), e);
        }
        if (!error.get().isEmpty() || !present(client, ref)) {
            String reason = error.get().isEmpty() ? "the pull ended without the image" : error.get();
            List<String> tail = progress.subList(Math.max(0, progress.size() - PROGRESS_LINES_SHOWN), progress.size());
            throw new ExecutorException("cannot pull image '" + ref + "': " + reason
                    + (tail.isEmpty() ? "" : " (last progress: " + String.join("; ", tail) + ")"));
        }
    }

    /** {@code ref} with {@code :latest} when it has neither tag nor digest (a bare repository pulls every tag). */
    static String withTag(String ref) {
        int slash = ref.lastIndexOf('/');
        String last = ref.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? ref : ref + ":latest";
    }

    private static String registry(String ref) {
        int slash = ref.indexOf('/');
        if (slash > 0) {
            String first = ref.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "https://index.docker.io/v1/";
    }

    /**
     * Builds {@code dockerfile} in {@code context} unless an image with the content tag exists, streaming the build
     * output to {@code sink} on the calling thread. Also tags the image {@code tag}.
     *
     * @return the content tag, {@code slipway-action:<sha256 of the context>}
     */
    static String build(DockerClient client, Path context, String dockerfile, String tag, LogSink sink)
            throws ExecutorException {
        String contentTag = "slipway-action:" + ContextDigest.of(context, dockerfile);
        if (present(client, contentTag)) {
            sink.line("Using cached image " + contentTag);
            tagAs(client, contentTag, tag);
            return contentTag;
        }
        File file = context.resolve(dockerfile).toFile();
        if (!file.isFile()) {
            throw new ExecutorException("cannot build image: no Dockerfile at " + file);
        }
        LineQueue queue = new LineQueue(4096);
        AtomicReference<String> error = new AtomicReference<>("");
        LineSplitter splitter = new LineSplitter(queue::put);
        var callback = new ResultCallback.Adapter<BuildResponseItem>() {
            @Override
            public void onNext(BuildResponseItem item) {
                if (item.isErrorIndicated()) {
                    error.set(String.valueOf(
                            item.getErrorDetail() != null
                                    ? item.getErrorDetail().getMessage()
                                    : item.getError()));
                    queue.put("ERROR: " + error.get());
                } else if (item.getStream() != null) {
                    byte[] bytes = item.getStream().getBytes(StandardCharsets.UTF_8);
                    splitter.feed(bytes, 0, bytes.length);
                }
            }

            @Override
            public void onError(Throwable t) {
                error.compareAndSet("", String.valueOf(t.getMessage()));
                super.onError(t);
                splitter.finish();
                queue.close();
            }

            @Override
            public void onComplete() {
                super.onComplete();
                splitter.finish();
                queue.close();
            }
        };
        try {
            client.buildImageCmd(context.toFile())
                    .withDockerfile(file)
                    .withTags(Set.of(contentTag))
                    .withPull(false)
                    .withRemove(true)
                    .exec(callback);
            Optional<String> line;
            while ((line = queue.take()).isPresent()) {
                sink.line(line.get());
            }
            callback.awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException("building " + dockerfile + " was interrupted", e);
        } catch (RuntimeException e) {
            throw new ExecutorException("cannot build " + dockerfile + " in " + context + ": " + e.getMessage(), e);
        }
        if (!error.get().isEmpty() || !present(client, contentTag)) {
            throw new ExecutorException("cannot build " + dockerfile + " in " + context + ": "
                    + (error.get().isEmpty() ? "the build produced no image" : error.get()));
        }
        tagAs(client, contentTag, tag);
        return contentTag;
    }

    private static void tagAs(DockerClient client, String image, String tag) {
        if (tag.isBlank() || tag.equals(image)) {
            return;
        }
        String ref = withTag(tag);
        int colon = ref.lastIndexOf(':');
        client.tagImageCmd(image, ref.substring(0, colon), ref.substring(colon + 1))
                .withForce()
                .exec();
    }
}
