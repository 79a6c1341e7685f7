package dev.slipway.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:abc...}; only the algorithms registries must verify are accepted. */
record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    static final String DEFAULT_ALGORITHM = "sha256";

    Digest {
        boolean valid = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!valid) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, "invalid digest " + algorithm + ":" + hex);
        }
    }

    /** Parses {@code algorithm:hex}; throws {@code DIGEST_INVALID} for anything else. */
    static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, "invalid digest " + text);
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    static boolean looksLikeDigest(String reference) {
        return reference.indexOf(':') > 0;
    }

    static Digest of(String algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** Digest of a whole byte array, for small documents like manifests. */
    static Digest sha256(byte[] content) {
        return of(DEFAULT_ALGORITHM, hasher(DEFAULT_ALGORITHM).digest(content));
    }

    MessageDigest newHasher() {
        return hasher(algorithm);
    }

    static MessageDigest hasher(String algorithm) {
        try {
            return MessageDigest.getInstance(
                    switch (algorithm) {
                        case "sha256" -> "SHA-256";
                        case "sha512" -> "SHA-512";
                        default -> throw new IllegalArgumentException(algorithm);
                    });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
