package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void paddedIsWhatLeftJustifiedFormattingGives() {
        for (String text :
                List.of("", "a", "JOB", "build-and-test", "ünïcödé", "exactly-ten", "longer than the width")) {
            for (int width : new int[] {1, 3, 10, 24}) {
                assertThat(Summary.padded(text, width))
                        .as("%s in %d", text, width)
                        .isEqualTo(String.format("%-" + width + "s", text));
            }
        }
    }
}
