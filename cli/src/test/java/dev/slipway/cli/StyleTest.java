package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A step's own escape sequences leave its lines when colours are off, and stay when they are on. */
class StyleTest {
    private static final String MAVEN = "\u001b[1;34mINFO\u001b[m] \u001b[1mBUILD SUCCESS\u001b[m\u001b[0m\u001b[0m";

    @Test
    void colourCodesAndOtherEscapesGoWhenColoursAreOff() {
        Style off = new Style(false);
        assertThat(off.plain(MAVEN)).isEqualTo("INFO] BUILD SUCCESS");
        assertThat(off.plain("\u001b[2K\u001b[1Gprogress 50%")).isEqualTo("progress 50%");
        assertThat(off.plain("\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007 done"))
                .isEqualTo("link done");
        assertThat(off.plain("\u001b]0;title\u001b\\text")).isEqualTo("text");
        assertThat(off.plain("no escapes [1m here")).isEqualTo("no escapes [1m here");
    }

    @Test
    void theyStayWhenColoursAreOn() {
        assertThat(new Style(true).plain(MAVEN)).isEqualTo(MAVEN);
    }
}
