package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job's steps get for OpenID Connect tokens, with and without an issuer, and with and without permission. */
class IdTokensTest {
    @TempDir
    Path dir;

    private static final String ASKS = """
            on: push
            permissions:
              id-token: write
              contents: read
            jobs:
              t:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "url=${ACTIONS_ID_TOKEN_REQUEST_URL:-none} token=${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-none}"
                  - run: echo second
            """;

    private static final String DOES_NOT_ASK = ASKS.replace("id-token: write", "id-token: none");

    @Test
    void aGrantedJobsStepsGetTheUrlAndTheMaskedToken() {
        var tokens = new IdTokens.Granted("http://127.0.0.1:1/api/agent/v1/jobs/idtoken?api-version=2.0", "slo_secret");
        var run = new Harness(dir)
                .options(RuntimeOptions.defaults().withIdTokens(tokens))
                .run(ASKS);

        assertThat(run.output())
                .containsExactly(
                        "url=http://127.0.0.1:1/api/agent/v1/jobs/idtoken?api-version=2.0 token=***", "second");
        assertThat(run.all()).noneMatch(line -> line.contains("slo_secret") || line.contains("server only"));
        assertThat(tokens.toString()).doesNotContain("slo_secret");
    }

    @Test
    void aJobTheIssuerGrantsNoneGetsNoVariablesAndNoWarning() {
        var run = new Harness(dir)
                .options(RuntimeOptions.defaults().withIdTokens(IdTokens.NOT_GRANTED))
                .run(ASKS);

        assertThat(run.output()).containsExactly("url=none token=none", "second");
        assertThat(run.all()).noneMatch(line -> line.startsWith("WARNING"));
    }

    @Test
    void withoutAnIssuerAJobAskingForTokensIsToldOnceThatTheyNeedTheServer() {
        var run = new Harness(dir).run(ASKS);

        assertThat(run.output()).containsExactly("url=none token=none", "second");
        assertThat(run.all().stream().filter(line -> line.startsWith("WARNING")))
                .containsExactly("WARNING " + IdTokenNotice.MESSAGE);
        assertThat(run.recorder().lines.getFirst().step().index()).isZero();
        assertThat(IdTokenNotice.MESSAGE).contains("id-token: write", "Slipway server", "core.getIDToken()");
    }

    @Test
    void withoutAnIssuerAJobNotAskingIsNotTold() {
        var run = new Harness(dir).run(DOES_NOT_ASK);

        assertThat(run.output()).containsExactly("url=none token=none", "second");
        assertThat(run.all()).noneMatch(line -> line.startsWith("WARNING"));
    }
}
