package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.executor.fake.FakeExecutor;
import dev.slipway.expr.Value;
import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.JobHandle.ServiceInfo;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.runtime.spi.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerJobTest {
    private static final ServiceInfo REDIS =
            new ServiceInfo("redis", "c0ffee", "slipway-net-1", Map.of("6379", "49153"));

    @TempDir
    Path dir;

    private static FakeExecutor containerFake() {
        return FakeExecutor.builder()
                .containers(Map.of("redis", REDIS), Map.of("DOCKER_HOST", "unix:///var/run/docker.sock"))
                .build();
    }

    private static String script(StepSpec step) throws IOException {
        return Files.readString(Path.of(step.command().getLast()));
    }

    @Test
    void containerAndServicesAreRenderedWithTheJobLevelContexts() {
        FakeExecutor fake = containerFake();
        var run = new Harness(dir)
                .executor(fake)
                .secrets(Map.of("REGISTRY_TOKEN", "s3cret-token"))
                .contexts(Map.of("matrix", Value.obj(Map.of("image", Value.of("node:20")))))
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            container:
                              image: ${{ matrix.image }}
                              env:
                                GREETING: hello ${{ vars.WHO }}
                              ports: ["8080:80"]
                              volumes: ["cache-${{ github.ref_name }}:/cache"]
                              options: --cpus 1 --label sha=${{ github.sha }}
                              credentials:
                                username: ${{ github.actor }}
                                password: ${{ secrets.REGISTRY_TOKEN }}
                            services:
                              redis:
                                image: redis:7
                                ports: [6379]
                              unused:
                                image: ${{ matrix.cache_image }}
                            steps:
                              - run: echo hi
                        """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        JobSpec spec = fake.preparedJobs().getFirst();
        assertThat(spec.container())
                .contains(new ContainerSpec(
                        "node:20",
                        Map.of("GREETING", "hello world"),
                        List.of("8080:80"),
                        List.of("cache-main:/cache"),
                        Optional.of("--cpus 1 --label sha=abc123"),
                        Optional.of(new ContainerSpec.Credentials("octo", "s3cret-token"))));
        // A service whose image renders empty is left out, as on GitHub.
        assertThat(spec.services())
                .containsExactly(new ServiceSpec(
                        "redis",
                        new ContainerSpec(
                                "redis:7", Map.of(), List.of("6379"), List.of(), Optional.empty(), Optional.empty())));
        assertThat(spec.image()).isEmpty();
        assertThat(spec.containerized()).isTrue();
    }

    @Test
    void theShortFormAndTheMappedImageReachTheExecutor() {
        FakeExecutor fake = containerFake();
        new Harness(dir)
                .executor(fake)
                .image("localhost/slipway/bookworm:latest")
                .run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    container: alpine:${{ github.ref_name == 'main' && '3.20' || 'edge' }}
                    steps:
                      - run: echo hi
                """);
        JobSpec spec = fake.preparedJobs().getFirst();
        assertThat(spec.container()).contains(ContainerSpec.of("alpine:3.20"));
        assertThat(spec.image()).contains("localhost/slipway/bookworm:latest");
    }

    @Test
    void registryPasswordsAreMaskedAlsoWhenWrittenLiterally() {
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of(), Map.of())
                .failPrepare("login to ghcr.io as octo with hunter2-literal was refused")
                .build();
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    container:
                      image: ghcr.io/acme/private:1
                      credentials:
                        username: octo
                        password: hunter2-literal
                    steps:
                      - run: echo hi
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().failure()).contains("login to ghcr.io as octo with *** was refused");
    }

    @Test
    void aCancelEndsAPreparationThatWaitsForItsServices() throws Exception {
        // the preparation (pulls, services' health checks) may wait minutes, before the job's timeout starts
        var waiting = new java.util.concurrent.CountDownLatch(1);
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of(), Map.of())
                .blockPrepare(waiting)
                .build();
        var cancel = new Cancellation();
        var canceller = Thread.ofVirtual().start(() -> {
            try {
                if (waiting.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    cancel.cancelGracefully();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var run = new Harness(dir).executor(fake).cancel(cancel).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    services:
                      db:
                        image: postgres:16
                        options: --health-cmd pg_isready --health-retries 1000
                    steps:
                      - run: echo hi
                """);
        canceller.join();
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run.result().failure()).contains("cancelled while its containers were being prepared");
        assertThat(fake.startedSteps()).isEmpty();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void stepsSeeTheServicesAndTheContainerInTheJobContext() throws IOException {
        FakeExecutor fake = containerFake();
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    container: node:20
                    services:
                      redis:
                        image: redis:7
                        ports: [6379]
                    steps:
                      - run: |
                          echo "redis on localhost:${{ job.services.redis.ports['6379'] }}"
                          echo "${{ job.services.redis.id }} ${{ job.services.redis.network }}"
                          echo "${{ job.container.network }} ${{ runner.os }} ${{ job.status }}"
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(script(fake.startedSteps().getFirst()))
                .contains("redis on localhost:49153")
                .contains("c0ffee slipway-net-1")
                .contains("slipway-net-1 Linux success");
    }

    @Test
    void containerStepsGetTheExecutorsEnvironmentTheSamePathsAndNoHostEnvironment() throws IOException {
        FakeExecutor fake = containerFake();
        RuntimeOptions options = RuntimeOptions.defaults()
                .withHostEnv(Map.of("HOME", "/home/host", "PATH", "/host/bin"))
                .withPrograms(program -> Optional.empty()); // the host has no shells: the image's count
        var run = new Harness(dir).executor(fake).options(options).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    container: node:20
                    steps:
                      - run: echo default
                      - run: echo bash
                        shell: bash
                      - run: echo python
                        shell: python
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.SUCCESS);
        List<StepSpec> steps = fake.startedSteps();
        StepSpec first = steps.getFirst();
        assertThat(first.env())
                .containsEntry("DOCKER_HOST", "unix:///var/run/docker.sock")
                .containsEntry("GITHUB_WORKSPACE", dir.resolve("ws").toString())
                .doesNotContainKeys("HOME", "PATH");
        assertThat(first.workingDirectory()).isEqualTo(dir.resolve("ws"));
        assertThat(first.container()).isEmpty();
        assertThat(first.command().subList(0, 2)).containsExactly("sh", "-c");
        assertThat(first.command().get(2)).contains("command -v bash").contains("exec sh -e");
        assertThat(script(first)).isEqualTo("echo default");
        assertThat(steps.get(1).command().subList(0, 5))
                .containsExactly("bash", "--noprofile", "--norc", "-eo", "pipefail");
        assertThat(steps.get(2).command().getFirst()).isEqualTo("python3");
    }

    @Test
    void pathAdditionsInAContainerExtendTheExecutorsPath() {
        FakeExecutor fake = FakeExecutor.builder()
                .containers(Map.of(), Map.of("PATH", "/usr/local/go/bin:/usr/bin:/bin"))
                .onCommandContaining(
                        "add-path",
                        dev.slipway.executor.fake.Script.exit(0).appendEnvFile("GITHUB_PATH", "/opt/tool/bin\n"))
                .build();
        new Harness(dir).executor(fake).image("golang:1.23").run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo add-path
                      - run: echo next
                """);
        assertThat(fake.startedSteps().get(1).env())
                .containsEntry("PATH", "/opt/tool/bin:/usr/local/go/bin:/usr/bin:/bin");
    }

    @Test
    void aHostExecutorRefusesAContainerJobBeforeAnyStepNamingWhereAndWhatToDo() {
        FakeExecutor fake = FakeExecutor.builder().build();
        var run = new Harness(dir).executor(fake).run("""
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    container:
                      image: node:20
                    steps:
                      - run: echo hi
                """);
        assertThat(run.result().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(run.result().steps()).isEmpty();
        assertThat(fake.calls()).isEmpty();
        assertThat(run.result().failure())
                .hasValueSatisfying(f -> assertThat(f)
                        .startsWith(".github/workflows/test.yml:6:7:")
                        .contains("job 't' needs a job container ('container:')")
                        .contains("the fake executor runs steps on the host")
                        .contains("map the runs-on label to a container executor: -P ubuntu-latest=docker://IMAGE"));
        assertThat(run.result().annotations())
                .anyMatch(a -> a.message().equals(run.result().failure().get()));
    }

    @Test
    void aHostExecutorRefusesServicesAndMappedImagesToo() {
        String services = """
                on: push
                jobs:
                  t:
                    runs-on: ubuntu-latest
                    services:
                      redis:
                        image: redis:7
                    steps:
                      - run: echo hi
                """;
        var withServices =
                new Harness(dir).executor(FakeExecutor.builder().build()).run(services);
        assertThat(withServices.result().failure())
                .hasValueSatisfying(f -> assertThat(f)
                        .startsWith(".github/workflows/test.yml:6:7:")
                        .contains("service containers ('services:')"));
        var withImage = new Harness(dir)
                .executor(FakeExecutor.builder().build())
                .image("localhost/slipway/bookworm:latest")
                .run("""
                        on: push
                        jobs:
                          t:
                            runs-on: ubuntu-latest
                            steps:
                              - run: echo hi
                        """);
        assertThat(withImage.result().failure())
                .hasValueSatisfying(f -> assertThat(f)
                        .startsWith(".github/workflows/test.yml:4:")
                        .contains("the image 'localhost/slipway/bookworm:latest' for its runs-on label"));
    }
}
