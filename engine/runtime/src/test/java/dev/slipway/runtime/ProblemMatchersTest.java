package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.expr.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Problem matchers ({@code ::add-matcher::}) with the rules of GitHub's runner. */
class ProblemMatchersTest {
    @TempDir
    Path dir;

    /** tsc's one-line format: file(line,col): severity code: message. */
    static final String TSC = """
            {"problemMatcher": [{"owner": "tsc", "pattern": [{
              "regexp": "^([^\\\\s].*)[\\\\(:](\\\\d+)[,:](\\\\d+)(?:\\\\):\\\\s+|\\\\s+-\\\\s+)(error|warning|info)\\\\s+(TS\\\\d+)\\\\s*:\\\\s*(.*)$",
              "file": 1, "line": 2, "column": 3, "severity": 4, "code": 5, "message": 6}]}]}
            """;

    /** eslint's "stylish" format: the file on one line, then one line per problem (a looping pattern). */
    static final String ESLINT = """
            {"problemMatcher": [{"owner": "eslint-stylish", "pattern": [
              {"regexp": "^([^\\\\s].*)$", "file": 1},
              {"regexp": "^\\\\s+(\\\\d+):(\\\\d+)\\\\s+(error|warning|info)\\\\s+(.*)\\\\s\\\\s+(.*)$",
               "line": 1, "column": 2, "severity": 3, "message": 4, "code": 5, "loop": true}]}]}
            """;

    private Harness.Run run(String steps) throws Exception {
        Harness h = new Harness(dir);
        Files.createDirectories(h.workspace().resolve("src"));
        Files.writeString(h.workspace().resolve("src/app.ts"), "let x: number = 'a';\n");
        Files.writeString(h.workspace().resolve("tsc.json"), TSC);
        Files.writeString(h.workspace().resolve("eslint.json"), ESLINT);
        return h.run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                %s
                """.formatted(steps.indent(6).stripTrailing()));
    }

    @Test
    void aMatchedLineBecomesAnAnnotationForTheRestOfTheJobUntilItsMatcherIsRemoved() throws Exception {
        var run = run("""
                - id: add
                  run: echo "::add-matcher::tsc.json"
                - id: build
                  run: |
                    echo "src/app.ts(1,5): error TS2322: Type 'string' is not assignable to type 'number'."
                    printf '\\033[31msrc/app.ts(1,1): warning TS6133: coloured\\033[0m\\n'
                    echo "plain line"
                - id: remove
                  run: |
                    echo "::remove-matcher owner=TSC::"
                    echo "src/app.ts(1,5): error TS2322: no longer matched"
                """);
        List<Annotation> found = run.result().annotations();
        assertThat(found).hasSize(2);
        Annotation error = found.get(0);
        assertThat(error.level()).isEqualTo(Annotation.Level.ERROR);
        assertThat(error.message()).isEqualTo("Type 'string' is not assignable to type 'number'.");
        assertThat(error.file()).contains("src/app.ts");
        assertThat(error.line()).contains(1);
        assertThat(error.column()).contains(5);
        assertThat(found.get(1).level()).isEqualTo(Annotation.Level.WARNING);
        assertThat(found.get(1).message()).isEqualTo("coloured");
        assertThat(run.output())
                .contains("plain line", "src/app.ts(1,5): error TS2322: no longer matched")
                .noneMatch(l -> l.contains("is not assignable"));
        // logged as the line it matched, colour codes stripped (GitHub's runner logs the matched line as the error)
        assertThat(run.all())
                .contains(
                        "ERROR src/app.ts(1,5): error TS2322: Type 'string' is not assignable to type 'number'.",
                        "WARNING src/app.ts(1,1): warning TS6133: coloured");
        assertThat(run.step("build").conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aLoopingPatternMakesOneAnnotationPerLineWithTheFileOfTheFirst() throws Exception {
        var run = run("""
                - run: |
                    echo "::add-matcher::eslint.json"
                    echo "src/app.ts"
                    echo "  1:10  error    Missing semicolon  semi"
                    echo "  1:1   warning  Unexpected var  no-var"
                    echo ""
                    echo "  2:2   error    after a break  nothing"
                """);
        List<Annotation> found = run.result().annotations();
        assertThat(found).extracting(Annotation::message).containsExactly("Missing semicolon", "Unexpected var");
        assertThat(found).allSatisfy(a -> assertThat(a.file()).contains("src/app.ts"));
        assertThat(found).extracting(a -> a.column().orElseThrow()).containsExactly(10, 1);
        assertThat(run.output()).contains("  2:2   error    after a break  nothing");
    }

    @Test
    void aFileOutsideTheWorkspaceOrMissingIsDroppedButTheAnnotationStays() throws Exception {
        var run = run("""
                - run: |
                    echo "::add-matcher::tsc.json"
                    echo "/etc/passwd(1,1): error TS1: outside"
                    echo "src/missing.ts(1,1): error TS1: missing"
                    echo "src/../src/app.ts(2,1): error TS1: normalised"
                """);
        assertThat(run.result().annotations())
                .extracting(Annotation::message, Annotation::file)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("outside", Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple("missing", Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple("normalised", Optional.of("src/app.ts")));
    }

    @Test
    void aMatcherFileThatCannotBeUsedFailsTheStepLikeOnGitHub() throws Exception {
        Files.createDirectories(dir.resolve("ws"));
        Files.writeString(dir.resolve("ws/bad.json"), "{\"problemMatcher\": [{\"owner\": \"x\", \"pattern\": []}]}");
        var run = run("""
                - id: bad
                  run: |
                    echo "::add-matcher::bad.json"
                    echo still-runs
                - id: missing
                  if: always()
                  run: echo "::add-matcher::nowhere.json"
                """);
        assertThat(run.step("bad").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.step("missing").conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.output()).contains("still-runs");
        assertThat(run.result().annotations())
                .extracting(Annotation::message)
                .anyMatch(m -> m.contains("Unable to process command '::add-matcher::bad.json'")
                        && m.contains("matcher 'x' has no pattern"))
                .anyMatch(m -> m.contains("cannot read the problem matcher file") && m.contains("nowhere.json"));
    }

    @Test
    void theNewestMatcherIsTriedFirstAndReplacesOneOfTheSameOwner() throws Exception {
        // As GitHub's runner adds a file's matchers one by one, each in front: the last of a file is tried first.
        ProblemMatchers m = new ProblemMatchers();
        Path first = dir.resolve("first.json");
        Files.writeString(first, """
                {"problemMatcher": [
                  {"owner": "any", "pattern": [{"regexp": "^(.*): (.*)$", "message": 2}]},
                  {"owner": "a", "severity": "warning", "pattern": [{"regexp": "^A: (.*)$", "message": 1}]}]}
                """);
        Path second = dir.resolve("second.json");
        Files.writeString(second, """
                {"problemMatcher": [{"owner": "A", "severity": "notice", "pattern": [{"regexp": "^A: (.*)$", "message": 1}]}]}
                """);
        m.add(first);
        var session = m.session();
        assertThat(session.match("A: x").orElseThrow().level()).contains(Annotation.Level.WARNING);
        assertThat(session.match("B: y").orElseThrow().get("message")).contains("y");
        m.add(second);
        assertThat(session.match("A: x").orElseThrow().level()).contains(Annotation.Level.NOTICE);
        m.remove("a");
        assertThat(session.match("A: x").orElseThrow().level()).contains(Annotation.Level.ERROR); // "any" now
    }

    @Test
    void aMatchWithoutMessageOrWithAnUnknownSeverityIsNoAnnotation() throws Exception {
        ProblemMatchers m = new ProblemMatchers();
        Path f = dir.resolve("m.json");
        Files.writeString(f, """
                {"problemMatcher": [{"owner": "s", "pattern": [{"regexp": "^(\\\\w*)! (.*)$", "severity": 1, "message": 2}]}]}
                """);
        m.add(f);
        var session = m.session();
        assertThat(session.match("fatal! boom")).isEmpty();
        assertThat(session.match("warning!  ")).isEmpty();
        assertThat(session.match("! defaulted").orElseThrow().level()).contains(Annotation.Level.ERROR);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"problemMatcher\": [{\"pattern\": [{\"regexp\": \"x\", \"message\": 0}]}]}|'owner' must not be empty",
                "{\"problemMatcher\": [{\"owner\": \"o\", \"severity\": \"fatal\", \"pattern\": [{\"regexp\": \"x\", \"message\": 0}]}]}|unknown default severity 'fatal'",
                "{\"problemMatcher\": [{\"owner\": \"o\", \"pattern\": [{\"regexp\": \"x\"}]}]}|at least one pattern must set 'message'",
                "{\"problemMatcher\": [{\"owner\": \"o\", \"pattern\": [{\"regexp\": \"(x)\", \"message\": 2}]}]}|'message' must be the number of a group of its 'regexp' (0 to 1)",
                "{\"problemMatcher\": [{\"owner\": \"o\", \"pattern\": [{\"regexp\": \"(x)\", \"message\": 1, \"loop\": true}]}]}|only the last pattern of several may set 'loop'",
                "{\"problemMatcher\": [{\"owner\": \"o\", \"pattern\": [{\"regexp\": \"(x)\", \"message\": 1}, {\"regexp\": \"(y)\", \"message\": 1}]}]}|'message' is set twice",
                "{\"problemMatcher\": [{\"owner\": \"o\", \"pattern\": [{\"regexp\": \"(x)\", \"file\": 1}, {\"regexp\": \"(y)\", \"line\": 1, \"loop\": true}]}]}|the 'loop' pattern must set 'message'",
                "{\"problemMatcher\": [{\"owner\": \"o\", \"pattern\": [{\"regexp\": \"(\", \"message\": 0}]}]}|'regexp' is not a valid regular expression",
                "{\"problemMatcher\": [{\"owner\": \"o\", \"pattern\": [{\"regexp\": \"x\", \"message\": 0}]}, {\"owner\": \"O\", \"pattern\": [{\"regexp\": \"x\", \"message\": 0}]}]}|duplicate owner name 'O'",
            })
    void invalidMatcherFilesAreRejectedWithTheReason(String json, String reason) throws Exception {
        assertThatThrownBy(() -> ProblemMatchers.parse(Values.fromJson(json)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void setupJavasMatchersMakeAnnotationsOfMavensCompilerErrorsJavacsWarningsAndUncaughtExceptions() throws Exception {
        Path cache = dir.resolve("toolcache");
        Path jdk = cache.resolve("Java_Temurin-Hotspot_jdk/17.0.99/x64");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\n");
        jdk.resolve("bin/java").toFile().setExecutable(true);
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.99\"\n");
        Harness h = new Harness(dir);
        Files.createDirectories(h.workspace().resolve("src"));
        Files.writeString(h.workspace().resolve("src/Foo.java"), "class Foo {\n  Bar b;\n}\n");
        dev.slipway.actions.Builtins builtins = dev.slipway.actions.Builtins.standard(
                dev.slipway.actions.LocalArtifactStore.of(dir.resolve("artifacts")),
                dev.slipway.actions.LocalCacheStore.of(dir.resolve("caches")));
        var run = h.options(RuntimeOptions.defaults().withToolCache(cache).withBuiltins(builtins::find))
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            steps:
                              - uses: actions/setup-java@v4
                                with:
                                  distribution: temurin
                                  java-version: 17.0.99
                              - run: |
                                  echo "[ERROR] $GITHUB_WORKSPACE/src/Foo.java:[2,14] cannot find symbol"
                                  echo 'Exception in thread "main" java.lang.IllegalStateException: boom: twice'
                                  echo "src/Foo.java:2: warning: [deprecation] Bar in unnamed package"
                                  echo "[INFO] plain line"
                        """);

        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        List<Annotation> found = run.result().annotations();
        assertThat(found)
                .extracting(Annotation::level, Annotation::message, Annotation::file, Annotation::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Annotation.Level.ERROR,
                                "cannot find symbol",
                                Optional.of("src/Foo.java"),
                                Optional.of(2)),
                        org.assertj.core.groups.Tuple.tuple(
                                Annotation.Level.ERROR, "boom: twice", Optional.empty(), Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple(
                                Annotation.Level.WARNING,
                                "[deprecation] Bar in unnamed package",
                                Optional.of("src/Foo.java"),
                                Optional.of(2)));
        assertThat(found.get(0).column()).contains(14);
    }
}
