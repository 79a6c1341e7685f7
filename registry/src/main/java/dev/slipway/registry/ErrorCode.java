package dev.slipway.registry;

/** The distribution spec's error codes with the HTTP status this registry answers them with. */
enum ErrorCode {
    BLOB_UNKNOWN(404),
    BLOB_UPLOAD_INVALID(400),
    BLOB_UPLOAD_UNKNOWN(404),
    DIGEST_INVALID(400),
    MANIFEST_BLOB_UNKNOWN(400),
    MANIFEST_INVALID(400),
    MANIFEST_UNKNOWN(404),
    NAME_INVALID(400),
    NAME_UNKNOWN(404),
    PAGINATION_NUMBER_INVALID(400),
    SIZE_INVALID(400),
    TAG_INVALID(400),
    UNAUTHORIZED(401),
    DENIED(403),
    UNSUPPORTED(405),
    RANGE_INVALID(416),
    TOO_LARGE(413),
    UNKNOWN(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }

    /** The code as written on the wire; size limits reuse {@code SIZE_INVALID}, ranges {@code BLOB_UPLOAD_INVALID}. */
    String wireName() {
        return switch (this) {
            case TOO_LARGE -> "SIZE_INVALID";
            case RANGE_INVALID -> "BLOB_UPLOAD_INVALID";
            default -> name();
        };
    }
}
