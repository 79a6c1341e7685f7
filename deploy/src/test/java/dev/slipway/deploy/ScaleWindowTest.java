package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaleWindowTest {

    @ParameterizedTest(name = "{0} {1}: at {3} down={4}, next change {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # down           | up              | zone          | at                    | down  | next change
            0 19 * * *       | 0 7 * * *       | UTC           | 2026-11-25T12:00:00Z  | false | 2026-11-25T19:00:00Z
            0 19 * * *       | 0 7 * * *       | UTC           | 2026-11-25T19:00:00Z  | true  | 2026-11-26T07:00:00Z
            0 19 * * *       | 0 7 * * *       | UTC           | 2026-11-25T18:59:59Z  | false | 2026-11-25T19:00:00Z
            0 19 * * *       | 0 7 * * *       | UTC           | 2026-11-26T06:59:00Z  | true  | 2026-11-26T07:00:00Z
            0 19 * * *       | 0 7 * * *       | UTC           | 2026-11-26T07:00:30Z  | false | 2026-11-26T19:00:00Z
            # Europe/Berlin in winter is UTC+1: 19:00 there is 18:00 UTC
            0 19 * * *       | 0 7 * * *       | Europe/Berlin | 2026-11-25T18:30:00Z  | true  | 2026-11-26T06:00:00Z
            0 19 * * *       | 0 7 * * *       | Europe/Berlin | 2026-11-25T17:30:00Z  | false | 2026-11-25T18:00:00Z
            # the night clocks go forward (2026-03-29): up at 07:00 CEST is 05:00 UTC, down at 19:00 CET was 18:00 UTC
            0 19 * * *       | 0 7 * * *       | Europe/Berlin | 2026-03-28T20:00:00Z  | true  | 2026-03-29T05:00:00Z
            0 19 * * *       | 0 7 * * *       | Europe/Berlin | 2026-03-29T04:30:00Z  | true  | 2026-03-29T05:00:00Z
            0 19 * * *       | 0 7 * * *       | Europe/Berlin | 2026-03-29T05:30:00Z  | false | 2026-03-29T17:00:00Z
            # and back (2026-10-25): up at 07:00 CET is 06:00 UTC
            0 19 * * *       | 0 7 * * *       | Europe/Berlin | 2026-10-25T05:30:00Z  | true  | 2026-10-25T06:00:00Z
            # a working week in New York: down Friday evening, up Monday morning
            0 19 * * 1-5     | 0 7 * * 1-5     | America/New_York | 2026-11-28T17:00:00Z | true | 2026-11-30T12:00:00Z
            0 19 * * 1-5     | 0 7 * * 1-5     | America/New_York | 2026-11-30T15:00:00Z | false | 2026-12-01T00:00:00Z
            # both at once: up wins, and the down firing that ties is no change
            0 7 * * *        | 0 7 * * *       | UTC           | 2026-11-25T07:00:00Z  | false | none
            """)
    void theLaterFiringWins(String down, String up, String zone, String at, boolean isDown, String next) {
        ScaleWindow window = ScaleWindow.parse(down, up, ZoneId.of(zone));

        assertThat(window.down(Instant.parse(at))).isEqualTo(isDown);
        assertThat(window.nextChange(Instant.parse(at)))
                .isEqualTo(next.equals("none") ? Optional.empty() : Optional.of(Instant.parse(next)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0 25 * * *   | 0 7 * * *  | down | "0 25 * * *"
            0 19 * * *   | every day  | up   | "every day"
            0 19 * * * * | 0 7 * * *  | down | "0 19 * * * *"
            """)
    void aScheduleThatDoesNotParseIsNamed(String down, String up, String field, String quoted) {
        assertThatThrownBy(() -> ScaleWindow.parse(down, up, ZoneId.of("UTC")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the \"" + field + "\" schedule " + quoted + " is not a cron expression");
    }
}
