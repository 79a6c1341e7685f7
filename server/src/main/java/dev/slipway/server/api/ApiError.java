package dev.slipway.server.api;

import java.util.List;
import java.util.Map;

/** A request that cannot be served, answered as GitHub does: a status and {@code {"message": ...}}. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final List<Map<String, String>> errors;

    ApiError(int status, String message) {
        this(status, message, List.of());
    }

    private ApiError(int status, String message, List<Map<String, String>> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = errors;
    }

    int status() {
        return status;
    }

    /** GitHub's {@code errors} of a validation failure: resource, field and code each; empty for other errors. */
    List<Map<String, String>> errors() {
        return errors;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError unauthorized() {
        return new ApiError(401, "Requires authentication");
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, message);
    }

    static ApiError notFound() {
        return new ApiError(404, "Not Found");
    }

    static ApiError conflict(String message) {
        return new ApiError(409, message);
    }

    static ApiError invalid(String message) {
        return new ApiError(422, message);
    }

    /** GitHub's 422 for a value that must be unique, such as a release's tag: code {@code already_exists}. */
    static ApiError alreadyExists(String resource, String field, String message) {
        return new ApiError(
                422,
                "Validation Failed: " + message + " ('" + field + "' already_exists)",
                List.of(Map.of("resource", resource, "field", field, "code", "already_exists")));
    }
}
