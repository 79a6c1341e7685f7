package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobsTest {

    // pattern | name | matches — branch and tag examples of GitHub's filter pattern cheat sheet, then more edges.
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "feature/*          | feature/my-branch          | true",
                "feature/*          | feature/your-branch        | true",
                "feature/*          | feature/a/b                | false",
                "feature/*          | feature                    | false",
                "feature/**         | feature/beta-a/my-branch   | true",
                "feature/**         | feature/your-branch        | true",
                "feature/**         | feature/mona/the/octocat   | true",
                "feature/**         | features/x                 | false",
                "main               | main                       | true",
                "main               | main2                      | false",
                "main               | Main                       | false",
                "releases/mona-the-octocat | releases/mona-the-octocat | true",
                "*                  | main                       | true",
                "*                  | releases                   | true",
                "*                  | releases/v1                | false",
                "**                 | all/the/branches           | true",
                "**                 | every/tag                  | true",
                "*feature           | mona-feature               | true",
                "*feature           | feature                    | true",
                "*feature           | ver-10-feature             | true",
                "*feature           | feature-x                  | false",
                "v2*                | v2                         | true",
                "v2*                | v2.0                       | true",
                "v2*                | v2.9                       | true",
                "v2*                | v3                         | false",
                "v[12].[0-9]+.[0-9]+ | v1.10.1                   | true",
                "v[12].[0-9]+.[0-9]+ | v2.0.0                    | true",
                "v[12].[0-9]+.[0-9]+ | v3.0.0                    | false",
                "v[12].[0-9]+.[0-9]+ | v1..1                     | false",
                "v[12].[0-9]+.[0-9]+ | v1x0.1                    | false",
                // path examples
                "*.jsx?             | page.js                    | true",
                "*.jsx?             | page.jsx                   | true",
                "*.jsx?             | page.jsxx                  | false",
                "**                 | all/the/files.md           | true",
                "*.js               | app.js                     | true",
                "*.js               | index.js                   | true",
                "*.js               | js/index.js                | false",
                "**.js              | index.js                   | true",
                "**.js              | js/index.js                | true",
                "**.js              | src/js/app.js              | true",
                "**.js              | src/js/app.jsx             | false",
                "docs/*             | docs/README.md             | true",
                "docs/*             | docs/file.txt              | true",
                "docs/*             | docs/a/file.txt            | false",
                "docs/**            | docs/README.md             | true",
                "docs/**            | docs/mona/octocat.txt      | true",
                "docs/**            | doc/x.md                   | false",
                "docs/**/*.md       | docs/README.md             | true",
                "docs/**/*.md       | docs/mona/hello-world.md   | true",
                "docs/**/*.md       | docs/a/markdown/file.md    | true",
                "docs/**/*.md       | docs/a/file.txt            | false",
                "**/docs/**         | docs/hello.md              | true",
                "**/docs/**         | dir/docs/my-file.txt       | true",
                "**/docs/**         | space/docs/plan/space.doc  | true",
                "**/docs/**         | mydocs/x.md                | false",
                "**/README.md       | README.md                  | true",
                "**/README.md       | js/README.md               | true",
                "**/README.md       | js/NOTREADME.md            | false",
                "**/*src/**         | a/src/app.js               | true",
                "**/*src/**         | my-src/code/js/app.js      | true",
                "**/*src/**         | source/app.js              | false",
                "**/*-post.md       | my-post.md                 | true",
                "**/*-post.md       | path/their-post.md         | true",
                "**/*-post.md       | post.md                    | false",
                "**/migrate-*.sql   | migrate-10909.sql          | true",
                "**/migrate-*.sql   | db/migrate-v1.0.sql        | true",
                "**/migrate-*.sql   | db/sept/migrate-v1.sql     | true",
                "**/migrate-*.sql   | db/migrate.sql             | false",
                // other operators
                "[CB]at             | Cat                        | true",
                "[CB]at             | Bat                        | true",
                "[CB]at             | cat                        | false",
                "[1-2]00            | 100                        | true",
                "[1-2]00            | 300                        | false",
                "[0-9a-z]           | q                          | true",
                "[0-9a-z]           | Q                          | false",
                "ab+c               | abbbc                      | true",
                "ab+c               | ac                         | false",
                "colou?r            | color                      | true",
                "colou?r            | colour                     | true",
                "release-\\*        | release-*                  | true",
                "release-\\*        | release-1                  | false",
                "a.b                | a.b                        | true",
                "a.b                | axb                        | false",
                "(x)                | (x)                        | true",
            })
    void matchesAsTheCheatSheetSays(String pattern, String name, boolean expected) {
        assertThat(Globs.matches(pattern, name)).isEqualTo(expected);
    }

    @Test
    void lastMatchingPatternWinsWithNegation() {
        List<String> patterns = List.of("*.md", "!README.md");
        assertThat(Globs.selects(patterns, "hello.md")).isTrue();
        assertThat(Globs.selects(patterns, "README.md")).isFalse();
        assertThat(Globs.selects(patterns, "docs/hello.md")).isFalse();
    }

    @Test
    void laterPositivePatternReselectsAfterNegation() {
        List<String> patterns = List.of("*.md", "!README.md", "README*");
        assertThat(Globs.selects(patterns, "hello.md")).isTrue();
        assertThat(Globs.selects(patterns, "README.md")).isTrue();
        assertThat(Globs.selects(patterns, "README.doc")).isTrue();
    }

    @Test
    void branchListWithNegatedSubsetExcludesIt() {
        List<String> patterns = List.of("releases/**", "!releases/**-alpha");
        assertThat(Globs.selects(patterns, "releases/10")).isTrue();
        assertThat(Globs.selects(patterns, "releases/beta/mona")).isTrue();
        assertThat(Globs.selects(patterns, "releases/10-alpha")).isFalse();
        assertThat(Globs.selects(patterns, "releases/beta/3-alpha")).isFalse();
    }

    @Test
    void onlyNegatedPatternsSelectNothing() {
        assertThat(Globs.selects(List.of("!main"), "dev")).isFalse();
    }

    @Test
    void anyAndAllSemanticsForPathLists() {
        List<String> files = List.of("docs/a.md", "src/Main.java");
        assertThat(Globs.selectsAny(List.of("src/**"), files)).isTrue();
        assertThat(Globs.selectsAll(List.of("docs/**"), files)).isFalse();
        assertThat(Globs.selectsAll(List.of("docs/**", "src/**"), files)).isTrue();
    }

    @Test
    void invalidPatternsAreReported() {
        assertThat(Globs.problem("[]x")).hasValueSatisfying(m -> assertThat(m).contains("empty brackets"));
        assertThat(Globs.problem("[a-")).isPresent();
        assertThat(Globs.problem("[z-a]")).hasValueSatisfying(m -> assertThat(m).contains("invalid range"));
        assertThat(Globs.problem("[a-Z]")).isPresent();
        assertThat(Globs.problem("[a.]")).isPresent();
        assertThat(Globs.problem("x\\")).isPresent();
        assertThat(Globs.problem("+x")).isPresent();
        assertThat(Globs.problem("")).isPresent();
        assertThat(Globs.problem("v[12].[0-9]+")).isEmpty();
    }
}
