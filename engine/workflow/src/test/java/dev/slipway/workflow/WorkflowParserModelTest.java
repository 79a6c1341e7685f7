package dev.slipway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowParserModelTest {

    private static Workflow parse(String yaml) {
        ParseResult<Workflow> result = WorkflowParser.parse("w.yml", yaml);
        assertThat(result.diagnostics()).isEmpty();
        return result.value().orElseThrow();
    }

    private static final String JOB = "jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n";

    @Test
    void anchorsAliasesAndMergeKeysAreResolved() {
        // GitHub accepts anchors and aliases (since September 2025) but rejects merge keys; Slipway reads both.
        Workflow w = parse("""
                on:
                  push:
                    paths: &code [src/**, pom.xml]
                  pull_request:
                    paths: *code
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    env: &base {A: "1"}
                    steps:
                      - &hello {name: hello, run: echo hi}
                  b:
                    runs-on: ubuntu-latest
                    env:
                      <<: *base
                      B: "2"
                    steps: [*hello]
                """);
        assertThat(w.on().get("pull_request").paths()).contains(List.of("src/**", "pom.xml"));
        assertThat(w.jobs().get("b").env()).containsEntry("A", "1").containsEntry("B", "2");
        assertThat(w.jobs().get("b").steps()).singleElement().satisfies(s -> {
            assertThat(s.name()).contains("hello");
            assertThat(s.run()).contains("echo hi");
        });
    }

    @Test
    void onAsStringGivesOneBareTrigger() {
        Workflow w = parse("on: push\n" + JOB);
        assertThat(w.on()).containsOnlyKeys("push");
        Trigger push = w.on().get("push");
        assertThat(push.branches()).isEmpty();
        assertThat(push.span()).isEqualTo(new SourceSpan("w.yml", 1, 5));
    }

    @Test
    void onAsListKeepsFileOrder() {
        Workflow w = parse("on: [pull_request, push, workflow_dispatch]\n" + JOB);
        assertThat(w.on().keySet()).containsExactly("pull_request", "push", "workflow_dispatch");
    }

    @Test
    void onAsMappingReadsFiltersTypesAndNullEvents() {
        Workflow w = parse("""
                on:
                  push:
                    branches: main
                    tags: [v*, '!v0*']
                    paths-ignore: []
                  pull_request:
                    types: [opened]
                  fork:
                  workflow_run:
                    workflows: [CI]
                """ + JOB);
        Trigger push = w.on().get("push");
        assertThat(push.branches()).contains(List.of("main"));
        assertThat(push.tags()).contains(List.of("v*", "!v0*"));
        assertThat(push.pathsIgnore()).contains(List.of());
        assertThat(push.paths()).isEmpty();
        assertThat(w.on().get("pull_request").types()).containsExactly("opened");
        assertThat(w.on().get("fork")).isEqualTo(Trigger.bare("fork", new SourceSpan("w.yml", 8, 3)));
        assertThat(w.on().get("workflow_run").workflows()).containsExactly("CI");
    }

    @Test
    void scheduleKeepsEachCronWithItsPosition() {
        Workflow w = parse("on:\n  schedule:\n    - cron: '0 3 * * *'\n    - cron: '*/15 * * * MON'\n" + JOB);
        assertThat(w.on().get("schedule").crons())
                .containsExactly(
                        new Trigger.Cron("0 3 * * *", new SourceSpan("w.yml", 3, 13)),
                        new Trigger.Cron("*/15 * * * MON", new SourceSpan("w.yml", 4, 13)));
    }

    @Test
    void dispatchAndCallDeclarationsAreTyped() {
        Workflow w = parse("""
                on:
                  workflow_dispatch:
                    inputs:
                      level: {type: choice, options: [a, b], default: b, required: true}
                      dry: {type: boolean, default: true}
                      n: {type: number, default: 2}
                      free:
                  workflow_call:
                    inputs:
                      v: {type: string}
                    outputs:
                      o: {value: '${{ jobs.j.outputs.x }}', description: out}
                    secrets:
                      s: {required: true}
                """ + JOB);
        Map<String, InputDef> inputs = w.on().get("workflow_dispatch").inputs();
        assertThat(inputs.get("level").options()).containsExactly("a", "b");
        assertThat(inputs.get("level").required()).isTrue();
        assertThat(inputs.get("level").defaultValue()).contains(Value.of("b"));
        assertThat(inputs.get("dry").defaultValue()).contains(Value.TRUE);
        assertThat(inputs.get("n").defaultValue()).contains(Value.of(2));
        assertThat(inputs.get("free").type()).isEqualTo("string");
        Trigger call = w.on().get("workflow_call");
        assertThat(call.inputs().get("v").type()).isEqualTo("string");
        assertThat(call.outputs().get("o"))
                .isEqualTo(new OutputDef("o", "${{ jobs.j.outputs.x }}", Optional.of("out")));
        assertThat(call.secrets().get("s")).isEqualTo(new SecretDef("s", true, Optional.empty()));
    }

    @Test
    void matrixIsAnObjectValueKeepingNumbersAndNesting() {
        Workflow w = parse("""
                on: push
                jobs:
                  t:
                    runs-on: ${{ matrix.os }}
                    strategy:
                      fail-fast: false
                      max-parallel: 2
                      matrix:
                        os: [ubuntu-latest]
                        node: [18, 20.5]
                        include:
                          - {os: ubuntu-latest, extra: {x: true}}
                    steps: [{run: x}]
                """);
        Strategy s = w.jobs().get("t").strategy().orElseThrow();
        assertThat(s.failFast()).isEqualTo(Value.FALSE);
        assertThat(s.maxParallel()).isEqualTo(Value.of(2));
        assertThat(s.matrix())
                .isEqualTo(Value.obj(Map.of(
                        "os",
                        new Value.Arr(List.of(Value.of("ubuntu-latest"))),
                        "node",
                        new Value.Arr(List.of(Value.of(18), Value.of(20.5))),
                        "include",
                        new Value.Arr(List.of(Value.obj(Map.of(
                                "os", Value.of("ubuntu-latest"), "extra", Value.obj(Map.of("x", Value.TRUE)))))))));
    }

    @Test
    void matrixGivenAsExpressionIsKeptAsString() {
        Workflow w =
                parse("on: push\njobs:\n  t:\n    runs-on: x\n    strategy:\n      matrix: ${{ fromJSON(vars.M) }}\n"
                        + "    steps: [{run: x}]\n");
        assertThat(w.jobs().get("t").strategy().orElseThrow().matrix()).isEqualTo(Value.of("${{ fromJSON(vars.M) }}"));
        assertThat(w.jobs().get("t").strategy().orElseThrow().failFast()).isEqualTo(Value.TRUE);
    }

    @Test
    void stepFieldsAreReadAndScalarsConvertedToStringsLikeGitHub() {
        Workflow w = parse("""
                on: push
                env: {TOP: yes}
                jobs:
                  j:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/setup-python@v5
                        id: py
                        name: Python
                        with: {python-version: 3.10, cache: true, depth: 1, empty: null, hex: 0x10}
                      - run: echo $A
                        if: always()
                        shell: bash
                        working-directory: src
                        env: {A: 1.50, B: false}
                        continue-on-error: true
                        timeout-minutes: 5
                """);
        assertThat(w.env()).containsEntry("TOP", "yes");
        List<Step> steps = w.jobs().get("j").steps();
        Step uses = steps.get(0);
        assertThat(uses.id()).contains("py");
        assertThat(uses.uses()).contains("actions/setup-python@v5");
        assertThat(uses.with())
                .containsExactly(
                        Map.entry("python-version", "3.1"),
                        Map.entry("cache", "true"),
                        Map.entry("depth", "1"),
                        Map.entry("empty", ""),
                        Map.entry("hex", "16"));
        assertThat(uses.displayName()).isEqualTo("Python");
        Step run = steps.get(1);
        assertThat(run.index()).isEqualTo(1);
        assertThat(run.condition()).contains("always()");
        assertThat(run.shell()).contains("bash");
        assertThat(run.workingDirectory()).contains("src");
        assertThat(run.env()).containsEntry("A", "1.5").containsEntry("B", "false");
        assertThat(run.continueOnError()).isEqualTo(Value.TRUE);
        assertThat(run.timeoutMinutes()).isEqualTo(Value.of(5));
        assertThat(run.spanOf("if")).isEqualTo(new SourceSpan("w.yml", 12, 13));
        assertThat(run.span()).isEqualTo(new SourceSpan("w.yml", 11, 9));
        assertThat(run.displayName()).isEqualTo("Run echo $A");
    }

    @Test
    void reusableWorkflowCallJobKeepsTypedWithAndSecrets() {
        Workflow w = parse("""
                on: push
                jobs:
                  call:
                    uses: octo/repo/.github/workflows/build.yml@v1
                    with: {n: 3, flag: true, name: x}
                    secrets: inherit
                  explicit:
                    needs: call
                    uses: ./.github/workflows/b.yaml
                    secrets: {token: '${{ secrets.T }}'}
                """);
        Job call = w.jobs().get("call");
        assertThat(call.isCall()).isTrue();
        assertThat(call.runsOn()).isEqualTo(Value.NULL);
        assertThat(call.steps()).isEmpty();
        assertThat(call.with())
                .containsEntry("n", Value.of(3))
                .containsEntry("flag", Value.TRUE)
                .containsEntry("name", Value.of("x"));
        assertThat(call.secrets()).isInstanceOf(Job.SecretsPass.Inherit.class);
        Job explicit = w.jobs().get("explicit");
        assertThat(explicit.needs()).containsExactly("call");
        assertThat(explicit.secrets()).isEqualTo(new Job.SecretsPass.Explicit(Map.of("token", "${{ secrets.T }}")));
    }

    @Test
    void jobLevelFieldsAreRead() {
        Workflow w = parse("""
                on: push
                defaults: {run: {shell: bash}}
                concurrency: ci-${{ github.ref }}
                jobs:
                  j:
                    name: Build
                    runs-on: [self-hosted, linux]
                    environment: production
                    defaults: {run: {working-directory: app}}
                    concurrency: {group: g, cancel-in-progress: true}
                    container: {image: 'node:20', env: {A: b}, ports: [80], options: --cpus 1}
                    services: {redis: 'redis:7'}
                    outputs: {v: '${{ steps.a.outputs.v }}'}
                    timeout-minutes: ${{ inputs.t }}
                    cancel-timeout-minutes: 2
                    steps: [{id: a, run: x}]
                """);
        assertThat(w.concurrency().orElseThrow().group()).isEqualTo("ci-${{ github.ref }}");
        Job j = w.jobs().get("j");
        assertThat(j.name()).contains("Build");
        assertThat(j.runsOn()).isEqualTo(new Value.Arr(List.of(Value.of("self-hosted"), Value.of("linux"))));
        assertThat(j.environment()).isEqualTo(Value.of("production"));
        assertThat(j.defaults().orElse(w.defaults())).isEqualTo(new Defaults(Optional.of("bash"), Optional.of("app")));
        assertThat(j.concurrency().orElseThrow().cancelInProgress()).isEqualTo(Value.TRUE);
        Container c = j.container().orElseThrow();
        assertThat(c.image()).isEqualTo("node:20");
        assertThat(c.ports()).containsExactly("80");
        assertThat(c.options()).contains("--cpus 1");
        assertThat(j.services().get("redis").image()).isEqualTo("redis:7");
        assertThat(j.outputs()).containsEntry("v", "${{ steps.a.outputs.v }}");
        assertThat(j.timeoutMinutes()).isEqualTo(Value.of("${{ inputs.t }}"));
        assertThat(j.cancelTimeoutMinutes()).isEqualTo(Value.of(2));
        assertThat(j.continueOnError()).isEqualTo(Value.FALSE);
        assertThat(j.span()).isEqualTo(new SourceSpan("w.yml", 5, 3));
    }

    @Test
    void aWorkflowWithErrorsIsNotReturned() {
        ParseResult<Workflow> result = WorkflowParser.parse("w.yml", "on: push\njobs:\n  j: {runs-on: x}\n");
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.value()).isEmpty();
    }
}
