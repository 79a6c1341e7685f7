package dev.slipway.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets for the database with AES-256-GCM: a random 12-byte nonce per value, stored before the ciphertext
 * and its tag, all base64. The key lives outside the database (the server keeps it in {@code <data>/secrets}), so a
 * copy of the database alone does not reveal secrets. Thread-safe.
 */
public final class SecretBox {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box for a 32-byte key. */
    public static SecretBox of(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the secrets key must be 32 bytes, not " + key.length);
        }
        return new SecretBox(java.util.Arrays.copyOf(key, 32));
    }

    public String encrypt(String plain) {
        var nonce = Secrets.randomBytes(NONCE_BYTES);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            var encrypted = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(NONCE_BYTES + encrypted.length)
                            .put(nonce)
                            .put(encrypted)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret: " + e.getMessage(), e);
        }
    }

    /**
     * The plain value.
     *
     * @throws StoreException when the text was not made with this key (another data directory's key, or tampered)
     */
    public String decrypt(String ciphertext) {
        try {
            var bytes = Base64.getDecoder().decode(ciphertext);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StoreException(
                    "cannot decrypt a stored secret: it was encrypted with another key than <data>/secrets/actions.key",
                    e);
        }
    }
}
