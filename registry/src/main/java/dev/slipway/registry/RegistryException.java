package dev.slipway.registry;

import java.util.Optional;

/** A request the registry refuses; rendered as the spec's JSON error document. */
final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Optional<String> detail;
    private final transient Optional<String> challenge;

    RegistryException(ErrorCode code, String message) {
        this(code, message, Optional.empty());
    }

    RegistryException(ErrorCode code, String message, Optional<String> detail) {
        this(code, message, detail, Optional.empty());
    }

    private RegistryException(ErrorCode code, String message, Optional<String> detail, Optional<String> challenge) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
        this.challenge = challenge;
    }

    /** A 401 carrying the {@code WWW-Authenticate} value that tells the client where to get a token. */
    static RegistryException unauthorized(String message, String challenge) {
        return new RegistryException(ErrorCode.UNAUTHORIZED, message, Optional.empty(), Optional.of(challenge));
    }

    Optional<String> challenge() {
        return challenge;
    }

    ErrorCode code() {
        return code;
    }

    Optional<String> detail() {
        return detail;
    }
}
