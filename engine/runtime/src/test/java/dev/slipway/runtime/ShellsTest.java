package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellsTest {
    @TempDir
    Path dir;

    private Harness.Run run(String steps) {
        return new Harness(dir).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                %s
                """.formatted(steps.indent(6).stripTrailing()));
    }

    @Test
    void defaultShellStopsAtTheFirstFailingCommand() {
        var r = run("""
                - id: s
                  run: |
                    false
                    echo unreachable
                """);
        assertThat(r.step("s").outcome()).isEqualTo(Conclusion.FAILURE);
        assertThat(r.output()).doesNotContain("unreachable");
    }

    @Test
    void bashShellUsesPipefail() {
        var r = run("""
                - id: s
                  shell: bash
                  run: false | true
                """);
        assertThat(r.step("s").outcome()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void pythonAndCustomShellsRunTheScriptFile() {
        var r = run("""
                - shell: python
                  run: |
                    import sys
                    print("python", sys.version_info[0])
                - shell: perl {0}
                  run: print "perl says hi\\n";
                - shell: bash -c "cat {0}"
                  run: echo printed-not-run
                """);
        assertThat(r.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(r.output()).containsExactly("python 3", "perl says hi", "echo printed-not-run");
    }

    @Test
    void unknownShellWithoutPlaceholderIsAClearError() {
        var r = run("""
                - id: s
                  shell: fish
                  run: echo hi
                """);
        assertThat(r.step("s").outcome()).isEqualTo(Conclusion.FAILURE);
        assertThat(r.all()).anyMatch(l -> l.contains("invalid shell 'fish'"));
    }

    @Test
    void shellTemplatesFollowGitHub() {
        RuntimeOptions.ProgramLookup all = p -> Optional.of("/usr/bin/" + p);
        RuntimeOptions.ProgramLookup noBash = p -> p.equals("bash") ? Optional.empty() : Optional.of("/bin/" + p);
        assertThat(ShellCommand.resolve(Optional.empty(), all)
                        .shell()
                        .orElseThrow()
                        .command("/t/s.sh"))
                .isEqualTo(List.of("bash", "-e", "/t/s.sh"));
        assertThat(ShellCommand.resolve(Optional.empty(), noBash)
                        .shell()
                        .orElseThrow()
                        .command("/t/s.sh"))
                .isEqualTo(List.of("sh", "-e", "/t/s.sh"));
        assertThat(ShellCommand.resolve(Optional.of("bash"), all)
                        .shell()
                        .orElseThrow()
                        .command("/t/s.sh"))
                .isEqualTo(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "/t/s.sh"));
        ShellCommand pwsh =
                ShellCommand.resolve(Optional.of("pwsh"), all).shell().orElseThrow();
        assertThat(pwsh.command("/t/s.ps1")).isEqualTo(List.of("pwsh", "-command", ". '/t/s.ps1'"));
        assertThat(pwsh.extension()).isEqualTo(".ps1");
        assertThat(ShellCommand.resolve(Optional.of("pwsh"), p -> Optional.empty())
                        .error())
                .hasValueSatisfying(e -> assertThat(e).contains("'pwsh' was not found"));
        assertThat(ShellCommand.resolve(Optional.of("python"), all)
                        .shell()
                        .orElseThrow()
                        .extension())
                .isEqualTo(".py");
    }
}
