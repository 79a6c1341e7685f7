package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskingTest {
    @TempDir
    Path dir;

    @Test
    void secretsAreMaskedInEveryLineIncludingEachLineOfMultiLineSecrets() {
        var run = new Harness(dir)
                .secrets(Map.of("TOKEN", "s3cr3t-value", "KEY", "-----BEGIN-----\nmiddle-part\n-----END-----"))
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            steps:
                              - env:
                                  T: ${{ secrets.TOKEN }}
                                  K: ${{ secrets.KEY }}
                                run: |
                                  echo "token is $T"
                                  echo "$K"
                                  echo "::warning::leaked $T"
                        """);
        assertThat(run.all()).noneMatch(l -> l.contains("s3cr3t-value") || l.contains("middle-part"));
        assertThat(run.output()).contains("token is ***", "***");
        assertThat(run.result().annotations()).extracting(Annotation::message).contains("leaked ***");
    }

    @Test
    void addMaskHidesValuesFromThenOn() {
        var run = new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          echo "::add-mask::generated-pw-99"
                          echo "pw=generated-pw-99"
                      - run: echo "again generated-pw-99"
                """);
        assertThat(run.output()).contains("pw=***", "again ***");
        // The script text itself is shown before the mask exists (as on GitHub); output never shows the value.
        assertThat(run.output()).noneMatch(l -> l.contains("generated-pw-99"));
        assertThat(run.all()).contains("COMMAND echo \"again ***\"");
    }

    @Test
    void jobOutputsHoldingSecretsAreSkipped() {
        var run = new Harness(dir).secrets(Map.of("TOKEN", "abc-secret")).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    outputs:
                      leak: ${{ secrets.TOKEN }}
                      fine: ok
                    steps:
                      - run: "true"
                """);
        assertThat(run.result().outputs()).containsOnlyKeys("fine");
    }

    @Test
    void maskerPrefersLongerSecretsAndIgnoresBlankOnes() {
        Masker masker = new Masker();
        masker.add("abc");
        masker.add("abcdef");
        masker.add("  ");
        masker.add("one\ntwo");
        assertThat(masker.mask("x abcdef y abc z")).isEqualTo("x *** y *** z");
        assertThat(masker.mask("a  b")).isEqualTo("a  b");
        assertThat(masker.mask("two")).isEqualTo("***");
    }
}
