package dev.slipway.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "one",
                "one\n",
                "\n",
                "\n\n",
                "a\nb",
                "a\r\nb\r\n",
                "a\rb\r",
                "a\r\r\nb",
                "a\n\r\nb",
                "trailing blanks  \n  \n",
                "\r",
                "x\u0085y\u2028z"
            })
    void splitsExactlyAsStringLines(String text) {
        assertThat(Lines.of(text)).containsExactlyElementsOf(text.lines().toList());
        assertThat(Lines.first(text)).isEqualTo(text.lines().findFirst().orElse(""));
    }
}
