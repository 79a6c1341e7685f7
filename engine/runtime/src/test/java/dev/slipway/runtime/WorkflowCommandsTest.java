package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowCommandsTest {
    @TempDir
    Path dir;

    private Harness.Run run(String script) {
        return new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - id: s
                        run: |
                %s
                      - run: echo "after ${{ steps.s.outputs.legacy }}"
                """.formatted(script.indent(10).stripTrailing()));
    }

    @Test
    void annotationsCarryTheirPropertiesAndUnescapedMessage() {
        var run = run("""
                echo "::error file=src/app.js,line=10,col=3,endLine=11,endColumn=4,title=Bad%2C bad::Missing%0Asemicolon"
                echo "::warning::careful"
                echo "::notice title=FYI::done 100%25"
                """);
        var annotations = run.result().annotations();
        assertThat(annotations).hasSize(3);
        Annotation error = annotations.get(0);
        assertThat(error.level()).isEqualTo(Annotation.Level.ERROR);
        assertThat(error.message()).isEqualTo("Missing\nsemicolon");
        assertThat(error.file()).contains("src/app.js");
        assertThat(error.line()).contains(10);
        assertThat(error.column()).contains(3);
        assertThat(error.endLine()).contains(11);
        assertThat(error.endColumn()).contains(4);
        assertThat(error.title()).contains("Bad, bad");
        assertThat(annotations.get(1).level()).isEqualTo(Annotation.Level.WARNING);
        assertThat(annotations.get(2).message()).isEqualTo("done 100%");
        assertThat(run.all()).contains("ERROR Missing\nsemicolon", "WARNING careful", "NOTICE done 100%");
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void groupsAndDebugBecomeTheirOwnLineKinds() {
        var run = run("""
                echo "::group::Compile"
                echo inside
                echo "::endgroup::"
                echo "::debug::hidden unless debugging"
                """);
        assertThat(run.all()).containsSubsequence("GROUP_START Compile", "OUTPUT inside", "GROUP_END ");
        assertThat(run.all()).noneMatch(l -> l.startsWith("DEBUG"));
    }

    @Test
    void debugLinesShowWhenDebugIsOn() {
        var run = new Harness(dir)
                .options(RuntimeOptions.defaults().withDebug(true))
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            steps:
                              - run: echo "::debug::now visible"
                        """);
        assertThat(run.all()).contains("DEBUG now visible");
    }

    @Test
    void stopCommandsPausesCommandProcessingUntilTheToken() {
        var run = run("""
                echo "::stop-commands::pause-123"
                echo "::error::not an annotation"
                echo "::pause-123::"
                echo "::warning::an annotation again"
                """);
        assertThat(run.output()).contains("::error::not an annotation");
        assertThat(run.result().annotations()).extracting(Annotation::message).containsExactly("an annotation again");
    }

    @Test
    void legacySetOutputStillWorksWithADeprecationWarning() {
        var run = run("""
                echo "::set-output name=legacy::old-style"
                echo "::save-state name=k::v"
                """);
        assertThat(run.step("s").outputs()).containsEntry("legacy", "old-style");
        assertThat(run.output()).contains("after old-style");
        assertThat(run.result().annotations())
                .anyMatch(a ->
                        a.level() == Annotation.Level.WARNING && a.message().contains("set-output"));
    }

    @Test
    void setEnvAndAddPathAreDisabledLikeOnGitHub() {
        var run = run("""
                echo "::set-env name=FOO::bar"
                echo "::add-path::/opt/evil"
                """);
        assertThat(run.result().annotations())
                .filteredOn(a -> a.level() == Annotation.Level.ERROR)
                .extracting(Annotation::message)
                .anyMatch(m -> m.contains("`set-env` command is disabled"))
                .anyMatch(m -> m.contains("`add-path` command is disabled"));
        // GitHub's runner fails a step whose command it could not process
        assertThat(run.step("s").conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void echoOnShowsCommandsInTheLog() {
        var run = run("""
                echo "::echo::on"
                echo "::notice::hi"
                echo "::echo::off"
                echo "::notice::quiet"
                """);
        assertThat(run.all()).contains("COMMAND ::notice::hi").doesNotContain("COMMAND ::notice::quiet");
    }

    @Test
    void parseUnescapesDataAndProperties() {
        var cmd = WorkflowCommand.parse("  ::warning file=a%3Ab.txt,title=x%2Cy%25::50%25%0Adone")
                .orElseThrow();
        assertThat(cmd.name()).isEqualTo("warning");
        assertThat(cmd.properties()).isEqualTo(Map.of("file", "a:b.txt", "title", "x,y%"));
        assertThat(cmd.data()).isEqualTo("50%\ndone");
        assertThat(WorkflowCommand.parse("plain :: text")).isEmpty();
        assertThat(WorkflowCommand.parse("::no-end")).isEmpty();
    }
}
