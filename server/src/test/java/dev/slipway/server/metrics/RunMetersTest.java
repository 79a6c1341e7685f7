package dev.slipway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.store.Conclusion;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunMetersTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void durationsNeedBothEndsInOrder() {
        assertThat(RunMeters.between(Optional.of(T), Optional.of(T.plusSeconds(3))))
                .contains(Duration.ofSeconds(3));
        assertThat(RunMeters.between(Optional.of(T), Optional.empty())).isEmpty();
        assertThat(RunMeters.between(Optional.empty(), Optional.of(T))).isEmpty();
        assertThat(RunMeters.between(Optional.of(T.plusSeconds(1)), Optional.of(T)))
                .isEmpty();
    }

    @Test
    void conclusionsAreLowerCaseTags() {
        assertThat(RunMeters.tag(Optional.of(Conclusion.SUCCESS))).isEqualTo("success");
        assertThat(RunMeters.tag(Optional.empty())).isEqualTo("none");
    }
}
