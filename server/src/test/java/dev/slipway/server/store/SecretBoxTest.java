package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final byte[] key = Secrets.randomBytes(32);

    @Test
    void roundTripsAndNeverStoresThePlainText() {
        var box = SecretBox.of(key);
        var encrypted = box.encrypt("hunter2 ✓");
        assertThat(encrypted).doesNotContain("hunter2");
        assertThat(new String(Base64.getDecoder().decode(encrypted), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("hunter2");
        assertThat(box.decrypt(encrypted)).isEqualTo("hunter2 ✓");
    }

    @Test
    void theSameValueEncryptsDifferentlyEachTime() {
        var box = SecretBox.of(key);
        assertThat(box.encrypt("same")).isNotEqualTo(box.encrypt("same"));
    }

    @Test
    void anotherKeyOrATamperedTextIsAClearError() {
        var encrypted = SecretBox.of(key).encrypt("value");
        var other = Arrays.copyOf(key, 32);
        other[0] ^= 1;
        assertThatThrownBy(() -> SecretBox.of(other).decrypt(encrypted))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("actions.key");
        var bytes = Base64.getDecoder().decode(encrypted);
        bytes[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> SecretBox.of(key).decrypt(Base64.getEncoder().encodeToString(bytes)))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> SecretBox.of(new byte[16])).hasMessageContaining("32 bytes");
    }
}
