package dev.slipway.registry;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** One request and its response, seen through the servlet API so bodies stream without framework buffering. */
record Exchange(HttpServletRequest request, HttpServletResponse response, String base) {
    String method() {
        return request.getMethod();
    }

    boolean isHead() {
        return method().equals("HEAD");
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name)).filter(v -> !v.isBlank());
    }

    List<String> headers(String name) {
        return Collections.list(request.getHeaders(name));
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(request.getParameter(name));
    }

    List<String> queries(String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? List.of() : List.of(values);
    }

    InputStream body() throws IOException {
        return request.getInputStream();
    }

    /** Absolute path of an API location, e.g. {@code /v2/app/blobs/sha256:...}. */
    String location(String pathAfterV2) {
        return base + pathAfterV2;
    }

    Exchange header(String name, String value) {
        response.setHeader(name, value);
        return this;
    }

    /** A response without a body. */
    void empty(int status) {
        response.setStatus(status);
        response.setContentLengthLong(0);
    }

    /** A small in-memory body; HEAD gets the headers only. */
    void send(int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLengthLong(body.length);
        if (!isHead()) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        }
    }
}
