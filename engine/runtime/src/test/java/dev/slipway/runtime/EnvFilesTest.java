package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFilesTest {
    @TempDir
    Path dir;

    @Test
    void anEnvFileAStepLinkedToAFileOfItsOwnIsReadButThatFileIsNeverEmptied() throws Exception {
        // The runtime reuses the environment files from step to step and empties them after reading; a step that
        // put a symbolic link there had the link's target emptied, a hard link emptied the file it shares.
        Path notes = dir.resolve("notes.env");
        Files.writeString(notes, "KEEP=me\n");
        Path saved = dir.resolve("saved-output");
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - run: ln -sf "%s" "$GITHUB_ENV"
                      - run: echo "keep=$KEEP"
                      - run: echo "LATER=1" >> "$GITHUB_ENV"
                      - run: echo "later=$LATER"
                      - id: o
                        run: |
                          ln "$GITHUB_OUTPUT" "%s"
                          echo "x=1" >> "$GITHUB_OUTPUT"
                      - run: echo "x=${{ steps.o.outputs.x }}"
                      - id: p
                        run: echo "y=2" >> "$GITHUB_OUTPUT"
                      - run: echo "y=${{ steps.p.outputs.y }} x-again=${{ steps.p.outputs.x }}"
                """.formatted(notes, saved));
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).contains("keep=me", "later=1", "x=1", "y=2 x-again=");
        assertThat(Files.readString(notes)).isEqualTo("KEEP=me\n");
        assertThat(Files.readString(saved)).isEqualTo("x=1\n");
    }

    @Test
    void githubEnvSingleAndMultiLineValuesReachLaterSteps() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          echo "GREETING=hello" >> "$GITHUB_ENV"
                          { echo "POEM<<EOF"; echo "line one"; echo "line two"; echo "EOF"; } >> "$GITHUB_ENV"
                      - run: |
                          echo "greeting=$GREETING"
                          echo "$POEM"
                      - run: echo "ctx=${{ env.GREETING }}"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).containsSubsequence("greeting=hello", "line one", "line two", "ctx=hello");
    }

    @Test
    void githubOutputSetsStepOutputsAndJobOutputs() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    outputs:
                      v: ${{ steps.a.outputs.version }}
                    steps:
                      - id: a
                        run: |
                          echo "version=1.2.3" >> "$GITHUB_OUTPUT"
                          printf 'notes<<END\\nfirst\\nsecond\\nEND\\n' >> "$GITHUB_OUTPUT"
                      - run: echo "got ${{ steps.a.outputs.version }} / ${{ steps.a.outcome }}"
                """);
        assertThat(run.step("a").outputs()).containsEntry("version", "1.2.3").containsEntry("notes", "first\nsecond");
        assertThat(run.output()).contains("got 1.2.3 / success");
        assertThat(run.result().outputs()).containsEntry("v", "1.2.3");
    }

    @Test
    void githubPathIsPrependedForLaterSteps() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          mkdir -p "$RUNNER_TEMP/bin"
                          printf '#!/bin/sh\\necho mytool-ran\\n' > "$RUNNER_TEMP/bin/mytool"
                          chmod +x "$RUNNER_TEMP/bin/mytool"
                          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
                      - run: mytool
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run.output()).contains("mytool-ran");
    }

    @Test
    void stepSummaryIsCollectedIntoTheJobSummary() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo "### Build ok" >> "$GITHUB_STEP_SUMMARY"
                      - run: echo "- tests passed" >> "$GITHUB_STEP_SUMMARY"
                """);
        assertThat(run.result().summaryMarkdown()).isEqualTo("### Build ok\n- tests passed\n");
    }

    @Test
    void malformedEnvFileFailsTheStep() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: bad
                        run: echo "X<<EOF" >> "$GITHUB_ENV"
                """);
        assertThat(run.step("bad").outcome()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.all()).anyMatch(l -> l.contains("Matching delimiter not found 'EOF'"));
    }

    @Test
    void parserReadsHeredocsAndPlainLines() {
        var parsed = EnvFileParser.parse("A=1\nB<<X\nx\n=y\nX\nC=a=b\n");
        assertThat(parsed.error()).isEmpty();
        assertThat(parsed.values())
                .containsEntry("A", "1")
                .containsEntry("B", "x\n=y")
                .containsEntry("C", "a=b");
        assertThat(EnvFileParser.parse("=v\n").error()).isPresent();
        assertThat(EnvFileParser.parse("novalue\n").error()).isPresent();
    }
}
