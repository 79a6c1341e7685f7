package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Container jobs, services, Docker actions and docker-in-job through {@code slipway run}, against the real engine
 * (Podman's Docker-compatible socket on CI, images from {@code scripts/container-engine.sh}).
 */
class ContainerJobsIT extends WorkflowRunIT {
    static final String BOOKWORM = "localhost/slipway/bookworm:latest";
    static final String REDIS_SERVICE = """
                  redis:
                    image: localhost/slipway/redis:latest
                    ports: ['6379']
                    options: --health-cmd "redis-cli ping" --health-interval 500ms --health-retries 20
            """;

    static Path socket;

    @BeforeAll
    static void findEngine() {
        Optional<Path> found = Stream.of("/run/podman/podman.sock", "/var/run/docker.sock")
                .map(Path::of)
                .filter(Files::exists)
                .findFirst();
        assumeTrue(found.isPresent(), "no container engine socket: container job ITs skipped");
        socket = found.orElseThrow();
    }

    /** Whatever a test ran, its jobs' containers, networks and volumes are gone once the run returned. */
    @AfterEach
    void leavesNothingLabelled() throws Exception {
        assertThat(ourResources()).isEmpty();
    }

    private Runs runJson(String workflow) {
        return Runs.parse(run(workflow, "--json"));
    }

    /** A file on this machine only: no job container mounts it. */
    private String hostMarker() {
        Path marker = tmp.resolve("host-marker.txt");
        try {
            Files.writeString(marker, "host");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return marker.toString();
    }

    private static String failureDetails(Runs runs) {
        return runs.root().toPrettyString();
    }

    @Test
    void containerJobStepsWriteOutputsAndShareTheWorkspace() {
        Runs runs = runJson("""
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    container:
                      image: %s
                    outputs:
                      inside: ${{ steps.probe.outputs.inside }}
                      file: ${{ steps.read.outputs.file }}
                    steps:
                      - id: probe
                        run: |
                          if [ -e %s ]; then inside=no; else inside=yes; fi
                          echo "inside=$inside" >> "$GITHUB_OUTPUT"
                      - run: echo "written by step 2" > note.txt
                      - id: read
                        run: |
                          test "$PWD" = "$GITHUB_WORKSPACE"
                          echo "file=$(cat "$GITHUB_WORKSPACE/note.txt")" >> "$GITHUB_OUTPUT"
                """.formatted(BOOKWORM, hostMarker()));

        assertThat(runs.conclusion()).as(failureDetails(runs)).isEqualTo("success");
        assertThat(runs.output("build", "inside")).isEqualTo("yes");
        assertThat(runs.output("build", "file")).isEqualTo("written by step 2");
    }

    @Test
    void backgroundStepsOfAContainerJobRunBesideEachOtherInTheContainer() {
        Runs runs = runJson("""
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    container:
                      image: %s
                    outputs:
                      seen: ${{ steps.bg.outputs.seen }}
                    steps:
                      - id: bg
                        background: true
                        run: |
                          for i in $(seq 200); do [ -e fg-started ] && break; sleep 0.05; done
                          echo "seen=$(cat fg-started)" >> "$GITHUB_OUTPUT"
                      - run: echo "from the foreground" > fg-started
                      - wait: bg
                """.formatted(BOOKWORM));

        assertThat(runs.conclusion()).as(failureDetails(runs)).isEqualTo("success");
        assertThat(runs.output("build", "seen")).isEqualTo("from the foreground");
    }

    @Test
    void remoteCompositeActionRunsItsOwnScriptInsideTheJobContainer() throws IOException {
        Path action = tmp.resolve("mirror/acme/probe@v1");
        Files.createDirectories(action);
        Files.writeString(action.resolve("action.yml"), """
                name: probe
                runs:
                  using: composite
                  steps:
                    - shell: bash
                      run: bash "$GITHUB_ACTION_PATH/probe.sh" "%s"
                """.formatted(hostMarker()));
        Files.writeString(action.resolve("probe.sh"), """
                if [ -e "$1" ]; then echo "probe ran on the host"; else echo "probe ran in the container"; fi
                """);
        Cli.Result result = run(
                """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    container:
                      image: %s
                    steps:
                      - uses: acme/probe@v1
                """.formatted(BOOKWORM),
                "--action-source",
                tmp.resolve("mirror").toString());
        assertThat(result.exit()).as(result.all()).isZero();
        assertThat(result.out()).contains("probe ran in the container");
    }

    @Test
    void containerJobReachesItsRedisServiceByHostname() {
        Runs runs = runJson("""
                on: push
                jobs:
                  svc:
                    runs-on: ubuntu-latest
                    container:
                      image: %s
                    services:
                %s
                    outputs:
                      pong: ${{ steps.ping.outputs.pong }}
                    steps:
                      - id: ping
                        shell: bash
                        run: |
                          exec 3<>/dev/tcp/redis/6379
                          printf 'PING\\r\\n' >&3
                          echo "pong=$(head -c 5 <&3)" >> "$GITHUB_OUTPUT"
                """.formatted(BOOKWORM, REDIS_SERVICE.stripTrailing()));

        assertThat(runs.conclusion()).as(failureDetails(runs)).isEqualTo("success");
        assertThat(runs.output("svc", "pong")).isEqualTo("+PONG");
    }

    @Test
    void aServiceRunsWithTheEntrypointAndCommandTheWorkflowGives() {
        // the image's CMD is "redis-server --protected-mode no --bind 0.0.0.0" on 6379; the service asks for 6380
        Runs runs = runJson("""
                on: push
                jobs:
                  svc:
                    runs-on: ubuntu-latest
                    container:
                      image: %s
                    services:
                      redis:
                        image: localhost/slipway/redis:latest
                        entrypoint: redis-server
                        command: --port 6380 --protected-mode no --bind 0.0.0.0 --save ""
                        options: --health-cmd "redis-cli -p 6380 ping" --health-interval 500ms --health-retries 20
                    outputs:
                      pong: ${{ steps.ping.outputs.pong }}
                    steps:
                      - id: ping
                        shell: bash
                        run: |
                          exec 3<>/dev/tcp/redis/6380
                          printf 'PING\\r\\n' >&3
                          echo "pong=$(head -c 5 <&3)" >> "$GITHUB_OUTPUT"
                """.formatted(BOOKWORM));

        assertThat(runs.conclusion()).as(failureDetails(runs)).isEqualTo("success");
        assertThat(runs.output("svc", "pong")).isEqualTo("+PONG");
    }

    @Test
    void hostJobReachesItsRedisServiceOnTheMappedLocalhostPort() {
        Runs runs = runJson("""
                on: push
                jobs:
                  host:
                    runs-on: ubuntu-latest
                    services:
                %s
                    outputs:
                      port: ${{ job.services.redis.ports['6379'] }}
                      pong: ${{ steps.ping.outputs.pong }}
                    steps:
                      - id: ping
                        shell: bash
                        run: |
                          test -e %s
                          exec 3<>/dev/tcp/localhost/${{ job.services.redis.ports['6379'] }}
                          printf 'PING\\r\\n' >&3
                          echo "pong=$(head -c 5 <&3)" >> "$GITHUB_OUTPUT"
                """.formatted(REDIS_SERVICE.stripTrailing(), hostMarker()));

        assertThat(runs.conclusion()).as(failureDetails(runs)).isEqualTo("success");
        assertThat(runs.output("host", "port")).matches("[1-9][0-9]*").isNotEqualTo("6379");
        assertThat(runs.output("host", "pong")).isEqualTo("+PONG");
    }

    @Test
    void localDockerfileActionGetsInputsAndSetsAnOutput() {
        repo.file(".github/actions/greet/action.yml", """
                name: greet
                inputs:
                  who:
                    required: true
                outputs:
                  greeting:
                    description: the greeting
                runs:
                  using: docker
                  image: Dockerfile
                  args: ['${{ inputs.who }}']
                """);
        repo.file(".github/actions/greet/Dockerfile", """
                FROM localhost/slipway/busybox:latest
                COPY entrypoint.sh /entrypoint.sh
                ENTRYPOINT ["sh", "/entrypoint.sh"]
                """);
        repo.file(".github/actions/greet/entrypoint.sh", """
                echo "greeting=hello $1 (input $INPUT_WHO)" >> "$GITHUB_OUTPUT"
                """);
        Runs runs = runJson("""
                on: push
                jobs:
                  act:
                    runs-on: ubuntu-latest
                    container:
                      image: %s
                    outputs:
                      greeting: ${{ steps.g.outputs.greeting }}
                    steps:
                      - uses: actions/checkout@v4
                      - id: g
                        uses: ./.github/actions/greet
                        with:
                          who: slipway
                """.formatted(BOOKWORM));

        assertThat(runs.conclusion()).as(failureDetails(runs)).isEqualTo("success");
        assertThat(runs.output("act", "greeting")).isEqualTo("hello slipway (input slipway)");
    }

    @Test
    void dockerStepsRunInAPlainHostJobAsOnGithubsUbuntuRunners() {
        Runs runs = runJson("""
                on: push
                jobs:
                  host:
                    runs-on: ubuntu-latest
                    outputs:
                      said: ${{ steps.say.outputs.said }}
                    steps:
                      - id: say
                        uses: docker://localhost/slipway/busybox:latest
                        with:
                          entrypoint: sh
                          args: -c "echo said=from-a-container >> $GITHUB_OUTPUT"
                      - run: test -S /run/podman/podman.sock -o -S /var/run/docker.sock
                """);

        assertThat(runs.conclusion()).as(failureDetails(runs)).isEqualTo("success");
        assertThat(runs.output("host", "said")).isEqualTo("from-a-container");
    }

    @Test
    void stepRunsDockerBuildAgainstTheJobsDockerHost() {
        String tag = "localhost/slipway-cli-it-inner:" + ProcessHandle.current().pid();
        Runs runs = runJson("""
                on: push
                jobs:
                  dind:
                    runs-on: ubuntu-latest
                    container:
                      image: %s
                      volumes:
                        - /usr/local/bin/docker:/usr/local/bin/docker:ro
                    outputs:
                      docker-host: ${{ steps.build.outputs.docker-host }}
                      built: ${{ steps.build.outputs.built }}
                    steps:
                      - id: build
                        env:
                          DOCKER_BUILDKIT: '0'
                          HOME: /tmp
                        run: |
                          echo "docker-host=$DOCKER_HOST" >> "$GITHUB_OUTPUT"
                          printf 'FROM localhost/slipway/busybox:latest\\nRUN echo built > /built\\n' > Dockerfile
                          docker build -q -t %s .
                          echo "built=$(docker run --rm %s cat /built)" >> "$GITHUB_OUTPUT"
                          docker rmi -f %s
                """.formatted(BOOKWORM, tag, tag, tag));

        assertThat(runs.conclusion()).as(failureDetails(runs)).isEqualTo("success");
        assertThat(runs.output("dind", "docker-host")).startsWith("unix://").endsWith(".sock");
        assertThat(runs.output("dind", "built")).isEqualTo("built");
    }

    @Test
    void timedOutContainerJobWithAServiceLeavesNoContainerNetworkOrVolume() throws Exception {
        Runs runs = runJson("""
                on: push
                jobs:
                  slow:
                    runs-on: ubuntu-latest
                    container:
                      image: %s
                      volumes:
                        - /scratch
                    services:
                %s
                    steps:
                      - timeout-minutes: 0.05
                        run: sleep 60; echo not-reached
                """.formatted(BOOKWORM, REDIS_SERVICE.stripTrailing()));

        assertThat(runs.conclusion()).isEqualTo("failure");
        assertThat(runs.job("slow").get("annotations").toString()).contains("has timed out after");
        assertThat(runs.job("slow").get("duration_ms").asLong()).isLessThan(40_000);
        assertThat(ourResources()).isEmpty();
    }

    /** Containers, networks and volumes labelled managed whose owner is this JVM (where {@code Cli} runs slipway). */
    private static List<String> ourResources() throws IOException, InterruptedException {
        String owner = ProcessHandle.current().pid() + "@";
        List<String> found = new ArrayList<>();
        for (String kind : List.of("containers", "networks", "volumes")) {
            String list = kind.equals("containers") ? "/containers/json?all=true&" : "/" + kind + "?";
            JsonNode listed = engineGet(list + "filters="
                    + URLEncoder.encode("{\"label\":[\"dev.slipway.managed=true\"]}", StandardCharsets.UTF_8));
            JsonNode items = kind.equals("volumes") ? listed.path("Volumes") : listed;
            for (JsonNode item : items) {
                String itemOwner = item.path("Labels").path("dev.slipway.owner").asText();
                if (itemOwner.startsWith(owner)) {
                    found.add(kind + " "
                            + item.path(kind.equals("containers") ? "Id" : "Name")
                                    .asText());
                }
            }
        }
        return found;
    }

    private static JsonNode engineGet(String path) throws IOException, InterruptedException {
        Process curl = new ProcessBuilder(
                        "curl", "-sf", "--unix-socket", socket.toString(), "http://engine/v1.41" + path)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] body = curl.getInputStream().readAllBytes();
        assertThat(curl.waitFor()).as("curl %s", path).isZero();
        return new ObjectMapper().readTree(body);
    }
}
