package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestNpm;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway run} gives Node.js actions GitHub's cache service, as GitHub's runner does: GitHub's own {@code
 * @actions/cache} in a local action saves in one run and restores in the next.
 */
class RunCacheServiceIT extends WorkflowRunIT {

    private void actions() {
        repo.file(".github/actions/cachy/action.yml", TestNpm.actionsCacheActionYml());
        repo.file(".github/actions/cachy/main.mjs", TestNpm.actionsCacheScript());
        repo.file(".github/actions/token/action.yml", """
                name: token
                runs:
                  using: node20
                  main: main.js
                """);
        repo.file(
                ".github/actions/token/main.js",
                "console.log('url=' + process.env.ACTIONS_CACHE_URL + ' token=' + process.env.ACTIONS_RUNTIME_TOKEN);\n");
    }

    private static String value(String output, String name) {
        Matcher m = Pattern.compile("(?m)\\| (?:.* )?" + name + "=(\\S*)").matcher(output);
        assertThat(m.find()).as(name + " in:\n" + output).isTrue();
        return m.group(1);
    }

    @Test
    void aNodeActionSavesInOneRunAndRestoresInTheNextWhileRunStepsSeeNoService() {
        actions();
        String workflow = """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - run: echo "run step sees [${ACTIONS_CACHE_URL:-no url}] [${ACTIONS_RUNTIME_TOKEN:-no token}]"
                      - uses: ./.github/actions/token
                      - uses: ./.github/actions/cachy
                        with:
                          lib: %s
                          key: deps-${{ github.run_id }}
                          restore_keys: deps-
                """.formatted(TestNpm.actionsCache(6));
        Cli.Result first = run(workflow);
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.out()).contains("run step sees [no url] [no token]").contains("token=***");
        assertThat(value(first.out(), "url")).startsWith("http://127.0.0.1:").endsWith("/");
        assertThat(value(first.out(), "available")).isEqualTo("true");
        assertThat(value(first.out(), "restored")).isEmpty();
        assertThat(first.out()).contains("Cache saved successfully");

        Cli.Result second = Cli.runIn(repo, state);
        assertThat(second.exit()).as(second.all()).isZero();
        assertThat(value(second.out(), "restored")).startsWith("deps-");
        assertThat(value(second.out(), "content")).isEqualTo(value(first.out(), "wrote"));
    }

    @Test
    void aJobWhoseCacheModeIsReadIsDeniedTheSaveWithAWarning() {
        actions();
        Cli.Result r = run("""
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    cache-mode: read
                    steps:
                      - uses: actions/checkout@v4
                      - uses: ./.github/actions/cachy
                        with:
                          lib: %s
                          key: deps
                """.formatted(TestNpm.actionsCache(4)));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                // 4.x knows no denial: it takes it for a reservation taken, and says what the service said
                .contains("Failed to save: Unable to reserve cache with key deps, another job may be creating this"
                        + " cache. More details: cache write denied: the job's cache-mode 'read' allows no saves");
    }
}
