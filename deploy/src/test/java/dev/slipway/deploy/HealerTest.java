package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealerTest {
    private static final long SOON = Duration.ofSeconds(30).toNanos();

    @Test
    void replacementsBackOffLikeACrashLoopAndStartOverAfterTenCalmMinutes() {
        Duration wait = Healer.nextBackoff(Duration.ZERO, 0);
        assertThat(wait).isEqualTo(Duration.ofSeconds(10));
        wait = Healer.nextBackoff(wait, SOON);
        assertThat(wait).isEqualTo(Duration.ofSeconds(20));
        for (int i = 0; i < 10; i++) {
            wait = Healer.nextBackoff(wait, SOON);
        }
        assertThat(wait).isEqualTo(Duration.ofMinutes(5));
        assertThat(Healer.nextBackoff(wait, Duration.ofMinutes(11).toNanos())).isEqualTo(Duration.ofSeconds(10));
        assertThat(Healer.nextBackoff(wait, Duration.ofMinutes(9).toNanos())).isEqualTo(Duration.ofMinutes(5));
    }
}
