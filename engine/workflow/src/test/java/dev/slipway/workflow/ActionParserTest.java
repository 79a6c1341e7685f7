package dev.slipway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionParserTest {

    private static ActionDef parse(String yaml) {
        ParseResult<ActionDef> result = ActionParser.parse("action.yml", yaml);
        assertThat(result.diagnostics()).isEmpty();
        return result.value().orElseThrow();
    }

    @Test
    void compositeActionReadsInputsOutputsAndSteps() {
        ActionDef a = parse("""
                name: Hello
                description: Says hello
                inputs:
                  who: {description: Who, required: true, default: world}
                  old: {deprecationMessage: gone}
                outputs:
                  greeting: {value: '${{ steps.s.outputs.g }}'}
                runs:
                  using: composite
                  steps:
                    - id: s
                      run: echo "g=hi ${{ inputs.who }}" >> $GITHUB_OUTPUT
                      shell: bash
                    - uses: ./other
                      with: {x: 1}
                """);
        assertThat(a.name()).isEqualTo("Hello");
        assertThat(a.description()).contains("Says hello");
        assertThat(a.inputs().get("who"))
                .isEqualTo(new ActionInput("who", Optional.of("Who"), true, Optional.of("world"), Optional.empty()));
        assertThat(a.inputs().get("old").deprecationMessage()).contains("gone");
        assertThat(a.outputs().get("greeting").value()).contains("${{ steps.s.outputs.g }}");
        Runs.Composite c = (Runs.Composite) a.runs();
        assertThat(c.steps()).hasSize(2);
        assertThat(c.steps().get(0).shell()).contains("bash");
        assertThat(c.steps().get(1).with()).isEqualTo(Map.of("x", "1"));
    }

    @Test
    void nodeActionReadsScriptsAndConditions() {
        ActionDef a = parse("""
                name: JS
                runs:
                  using: node20
                  main: dist/index.js
                  pre: dist/pre.js
                  post: dist/post.js
                  post-if: failure()
                """);
        assertThat(a.runs())
                .isEqualTo(new Runs.Node(
                        "node20",
                        "dist/index.js",
                        Optional.of("dist/pre.js"),
                        Optional.of("dist/post.js"),
                        Optional.empty(),
                        Optional.of("failure()")));
    }

    @Test
    void dockerActionReadsImageArgsAndEnv() {
        ActionDef a = parse("""
                name: Docker
                runs:
                  using: docker
                  image: docker://alpine:3.20
                  entrypoint: /bin/sh
                  args: ['-c', '${{ inputs.cmd }}', 5]
                  env: {MODE: fast, N: 2}
                  post-entrypoint: /cleanup.sh
                """);
        Runs.Docker d = (Runs.Docker) a.runs();
        assertThat(d.image()).isEqualTo("docker://alpine:3.20");
        assertThat(d.entrypoint()).contains("/bin/sh");
        assertThat(d.args()).isEqualTo(List.of("-c", "${{ inputs.cmd }}", "5"));
        assertThat(d.env()).containsExactly(Map.entry("MODE", "fast"), Map.entry("N", "2"));
        assertThat(d.postEntrypoint()).contains("/cleanup.sh");
        assertThat(d.preEntrypoint()).isEmpty();
    }

    @Test
    void actionWithErrorsIsNotReturned() {
        ParseResult<ActionDef> result = ActionParser.parse("action.yml", "name: x\nruns: {using: node99, main: a}\n");
        assertThat(result.value()).isEmpty();
        assertThat(result.diagnostics()).hasSize(1);
    }
}
