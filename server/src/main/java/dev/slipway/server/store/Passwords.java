package dev.slipway.server.store;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Password hashing with PBKDF2-HMAC-SHA256 from the JDK (no extra library), 600,000 iterations as
 * OWASP recommends, a 16-byte random salt and a 32-byte key. Stored as
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<key b64>}, so verifying reads the iteration count
 * from the hash and old hashes keep working when the default rises.
 */
final class Passwords {
    static final int STANDARD_ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final Passwords STANDARD = new Passwords(STANDARD_ITERATIONS);
    private final int iterations;
    private volatile @Nullable String dummy;

    private Passwords(int iterations) {
        this.iterations = iterations;
    }

    static Passwords standard() {
        return STANDARD;
    }

    /** A hash of nothing in particular, to spend the same time on unknown logins as on real ones. */
    String dummy() {
        var value = dummy;
        if (value == null) {
            value = hash("not a password");
            dummy = value;
        }
        return value;
    }

    /** Fewer iterations, for tests only: hashing stays the same algorithm. */
    static Passwords withIterations(int iterations) {
        return new Passwords(iterations);
    }

    String hash(String password) {
        var salt = Secrets.randomBytes(16);
        var b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    static boolean verify(String password, String stored) {
        var parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        var b64 = Base64.getDecoder();
        var expected = b64.decode(parts[3]);
        var actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether a stored hash uses fewer iterations than this hasher, and should be redone at next login. */
    boolean outdated(String stored) {
        var parts = stored.split("\\$");
        return parts.length != 4 || !parts[0].equals(SCHEME) || Integer.parseInt(parts[1]) < iterations;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
