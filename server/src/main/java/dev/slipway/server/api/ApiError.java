package dev.slipway.server.api;

/** A request that cannot be served, answered as GitHub does: a status and {@code {"message": ...}}. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
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
}
