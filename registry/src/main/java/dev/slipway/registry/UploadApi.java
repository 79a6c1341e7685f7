package dev.slipway.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Blob uploads: monolithic, chunked, streamed, and cross-repository mounts. */
final class UploadApi {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    private final Storage storage;
    private final AccessControl access;

    UploadApi(Storage storage, AccessControl access) {
        this.storage = storage;
        this.access = access;
    }

    /** {@code POST /v2/<name>/blobs/uploads/}: mount, monolithic upload, or a new session. */
    void start(Exchange ex, Route.UploadStart route, AccessControl.Caller caller) throws IOException {
        String name = route.name();
        Optional<String> mount = ex.query("mount");
        if (mount.isPresent() && tryMount(ex, caller, name, Digest.parse(mount.get()))) {
            return;
        }
        Optional<String> digestParam = ex.query("digest");
        if (digestParam.isPresent() && mount.isEmpty()) {
            Digest digest = Digest.parse(digestParam.get());
            storage.putBlob(name, digest, ex.body());
            created(ex, name, digest);
            return;
        }
        Uploads.Session session = storage.uploads.start(name);
        progress(ex, session, 202);
    }

    private boolean tryMount(Exchange ex, AccessControl.Caller caller, String name, Digest digest) throws IOException {
        Optional<String> from = ex.query("from").filter(Names::isValidName);
        if (from.isEmpty() || !access.may(caller, from.get(), RegistryAction.PULL)) {
            return false;
        }
        boolean mounted = storage.shared(() -> {
            if (!storage.repositories.hasBlob(from.get(), digest) || !storage.blobs.exists(digest)) {
                return false;
            }
            storage.blobs.touch(digest);
            storage.repositories.linkBlob(name, digest);
            return true;
        });
        if (mounted) {
            created(ex, name, digest);
        }
        return mounted;
    }

    /** {@code PATCH}: appends a chunk ({@code Content-Range}) or a stream (without it). */
    void patch(Exchange ex, Route.Upload route) throws IOException {
        Uploads.Session session = storage.uploads.find(route.name(), route.id());
        session.lock.lock();
        try {
            appendChecked(ex, session);
            progress(ex, session, 202);
        } finally {
            session.lock.unlock();
        }
    }

    /** {@code PUT ?digest=}: an optional last chunk, then verification and commit. */
    void finish(Exchange ex, Route.Upload route) throws IOException {
        Digest digest = Digest.parse(ex.query("digest")
                .orElseThrow(() -> new RegistryException(ErrorCode.DIGEST_INVALID, "digest parameter missing")));
        Uploads.Session session = storage.uploads.find(route.name(), route.id());
        session.lock.lock();
        try {
            if (ex.request().getContentLengthLong() != 0) {
                appendChecked(ex, session);
            }
            Path verified;
            try {
                verified = storage.uploads.verify(session, digest);
            } catch (RegistryException e) {
                storage.uploads.remove(session);
                throw e;
            }
            storage.commit(route.name(), verified, digest);
            storage.uploads.remove(session);
        } finally {
            session.lock.unlock();
        }
        created(ex, route.name(), digest);
    }

    void status(Exchange ex, Route.Upload route) throws IOException {
        Uploads.Session session = storage.uploads.find(route.name(), route.id());
        progress(ex, session, 204);
    }

    void cancel(Exchange ex, Route.Upload route) throws IOException {
        Uploads.Session session = storage.uploads.find(route.name(), route.id());
        session.lock.lock();
        try {
            storage.uploads.remove(session);
        } finally {
            session.lock.unlock();
        }
        ex.empty(204);
    }

    private void appendChecked(Exchange ex, Uploads.Session session) throws IOException {
        Optional<String> range = ex.header("Content-Range");
        if (range.isPresent()) {
            Matcher m = CONTENT_RANGE.matcher(range.get().strip());
            if (!m.matches()) {
                throw new RegistryException(ErrorCode.RANGE_INVALID, "malformed Content-Range " + range.get());
            }
            long first;
            long last;
            try {
                first = Long.parseLong(m.group(1));
                last = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) { // more digits than a long holds
                throw new RegistryException(ErrorCode.RANGE_INVALID, "malformed Content-Range " + range.get());
            }
            long length = ex.request().getContentLengthLong();
            if (first != session.size || last < first || (length >= 0 && length != last - first + 1)) {
                ex.header("Range", rangeOf(session)).header("Location", uploadLocation(ex, session));
                throw new RegistryException(
                        ErrorCode.RANGE_INVALID,
                        "chunk " + first + "-" + last + " does not continue the upload at offset " + session.size);
            }
        }
        storage.uploads.append(session, ex.body());
    }

    private void progress(Exchange ex, Uploads.Session session, int status) {
        ex.header("Location", uploadLocation(ex, session))
                .header("Docker-Upload-UUID", session.id)
                .header("Range", rangeOf(session))
                .header("OCI-Chunk-Min-Length", "0")
                .empty(status);
    }

    private static String uploadLocation(Exchange ex, Uploads.Session session) {
        return ex.location("/" + session.repository + "/blobs/uploads/" + session.id);
    }

    /** Distribution's convention: {@code 0-0} before the first byte, else the inclusive last offset. */
    private static String rangeOf(Uploads.Session session) {
        return "0-" + Math.max(0, session.size - 1);
    }

    private static void created(Exchange ex, String name, Digest digest) {
        ex.header("Location", ex.location("/" + name + "/blobs/" + digest))
                .header("Docker-Content-Digest", digest.toString())
                .empty(201);
    }
}
