package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.GitCli;
import dev.slipway.testing.OciLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry inside the server with skopeo: images pushed under a repository's name appear on its Images page and
 * API linked to the commit (and that commit's run) named by their revision label, and immutable tag patterns refuse
 * an overwrite.
 */
class ImagesIT {
    private static final String WORKFLOW = """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo building
            """;

    @TempDir
    Path dir;

    private TestServer server;
    private GitCli git;
    private String alice;

    @BeforeAll
    static void needsSkopeo() {
        boolean present = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(d -> Path.of(d, "skopeo").toFile().canExecute());
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("skopeo is missing (scripts/container-engine.sh installs it)");
        }
        assumeTrue(present, "skopeo is not installed");
    }

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        git = new GitCli(dir.resolve("home"));
        alice = server.userWithToken("alice");
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"shop\"}", Http.token(alice));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pushedImagesAreListedWithTheirCommitRunTagsAndSize() throws Exception {
        var sha = pushCommit();
        var layout = new OciLayout(dir.resolve("layout"));
        layout.ref("amd64", layout.image("amd64", "shop " + sha + "\n", sha));
        layout.ref(
                "multi",
                layout.index(layout.image("amd64", "multi amd64\n", sha), layout.image("arm64", "multi arm64\n", sha)));

        skopeo("copy", "--dest-creds", "alice:" + alice, "oci:" + layout.dir() + ":amd64", image("shop:1.0"))
                .ok();
        skopeo("copy", "--all", "--dest-creds", "alice:" + alice, "oci:" + layout.dir() + ":multi", image("shop:multi"))
                .ok();

        var images = server.http.get("/api/v3/repos/alice/shop/images", Http.token(alice));
        assertThat(images.status()).as(images.body()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        images.json().forEach(list::add);
        assertThat(list).hasSize(2); // the index's two manifests are parts of it, not listed on their own
        var single = list.stream()
                .filter(i -> i.get("tags").toString().contains("1.0"))
                .findFirst()
                .orElseThrow();
        assertThat(single.get("name").asText()).isEqualTo("alice/shop");
        assertThat(single.get("revision").asText()).isEqualTo(sha);
        assertThat(single.get("platforms").toString()).contains("linux/amd64");
        assertThat(single.get("size").asLong()).isGreaterThan(100);
        assertThat(single.get("pusher").asText()).isEqualTo("alice");
        assertThat(single.get("run").get("html_url").asText()).contains("/alice/shop/actions/runs/");
        assertThat(single.get("pull").asText())
                .endsWith("/alice/shop@" + single.get("digest").asText());
        var multi = list.stream()
                .filter(i -> i.get("tags").toString().contains("multi"))
                .findFirst()
                .orElseThrow();
        assertThat(multi.get("platforms").toString()).contains("linux/amd64", "linux/arm64");
        assertThat(multi.get("size").asLong()).isGreaterThan(single.get("size").asLong());

        var page = server.http.get("/alice/shop/images", Http.token(alice));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("1.0", "multi", sha.substring(0, 7), "Images");

        skopeo("delete", "--creds", "alice:" + alice, image("shop:1.0")).ok();
        var after = server.http
                .get("/api/v3/repos/alice/shop/images", Http.token(alice))
                .json();
        assertThat(after.toString()).doesNotContain("\"1.0\"").contains("multi");
    }

    @Test
    void immutableTagsRefuseOverwriteAndDeleteButMutableTagsMove() throws Exception {
        var sha = pushCommit();
        var bad = server.http.put(
                "/api/v3/repos/alice/shop/images/immutable-tags", "{\"patterns\":[\"v/*\"]}", Http.token(alice));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("v/*");
        var set = server.http.put(
                "/api/v3/repos/alice/shop/images/immutable-tags", "{\"patterns\":[\"v*\"]}", Http.token(alice));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        var bob = server.userWithToken("bob");
        assertThat(server.http
                        .put("/api/v3/repos/alice/shop/images/immutable-tags", "{\"patterns\":[]}", Http.token(bob))
                        .status())
                .isIn(403, 404);

        var layout = new OciLayout(dir.resolve("layout"));
        layout.ref("one", layout.image("amd64", "one\n", sha));
        layout.ref("two", layout.image("amd64", "two\n", sha));
        var one = "oci:" + layout.dir() + ":one";
        var two = "oci:" + layout.dir() + ":two";
        skopeo("copy", "--dest-creds", "alice:" + alice, one, image("shop:v1")).ok();
        skopeo("copy", "--dest-creds", "alice:" + alice, one, image("shop:v1")).ok(); // same digest: allowed
        var overwrite = skopeo("copy", "--dest-creds", "alice:" + alice, two, image("shop:v1"));
        assertThat(overwrite.exit()).isNotZero();
        assertThat(overwrite.output()).contains("immutable");
        var delete = skopeo("delete", "--creds", "alice:" + alice, image("shop:v1"));
        assertThat(delete.exit()).isNotZero();

        skopeo("copy", "--dest-creds", "alice:" + alice, one, image("shop:latest"))
                .ok();
        skopeo("copy", "--dest-creds", "alice:" + alice, two, image("shop:latest"))
                .ok();
        var inspect =
                skopeo("inspect", "--creds", "alice:" + alice, image("shop:v1")).ok();
        assertThat(inspect.output()).contains(sha);
        assertThat(server.http
                        .get("/api/v3/repos/alice/shop/images/immutable-tags", Http.token(alice))
                        .body())
                .contains("v*");
    }

    @Test
    void aJobBuildsAnImageAndPushesItWithItsJobToken() throws Exception {
        var podman = java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(d -> Path.of(d, "podman").toFile().canExecute());
        if (!podman && "true".equals(System.getenv("CI"))) {
            fail("podman is missing (scripts/container-engine.sh installs it)");
        }
        assumeTrue(podman, "podman is not installed");
        var workflow = """
                on: push
                jobs:
                  image:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - name: Build and push
                        run: |
                          registry=${GITHUB_SERVER_URL#http://}
                          local=localhost/slipway-it/shop:${{ github.sha }}
                          podman build -q -t "$local" --label org.opencontainers.image.revision=${{ github.sha }} .
                          podman push -q --tls-verify=false --creds "x:${{ github.token }}" "$local" \\
                            "docker://$registry/alice/shop:ci"
                          if podman push -q --tls-verify=false --creds "x:${{ github.token }}" "$local" \\
                              "docker://$registry/bob/elsewhere:ci" 2>/dev/null; then
                            echo "other repository: pushed"
                          else
                            echo "other repository: refused"
                          fi
                          podman rmi -f "$local" >/dev/null
                """;
        var work = dir.resolve("job-work");
        var sha = git.initAndCommit(
                work,
                ".github/workflows/image.yml",
                workflow,
                "Dockerfile",
                "FROM localhost/slipway/busybox:latest\nCOPY hello.txt /hello.txt\n",
                "hello.txt",
                "hello from a job\n");
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(alice)), "main")
                .ok();
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode run = null;
        while (run == null || !run.get("status").asText().equals("completed")) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the image run did not complete: " + run);
            }
            Thread.sleep(200);
            var runs = server.http
                    .get("/api/v3/repos/alice/shop/actions/runs", Http.token(alice))
                    .json();
            run = runs.get("workflow_runs").size() == 0
                    ? null
                    : runs.get("workflow_runs").get(0);
        }
        var jobs = server.http
                .get("/api/v3/repos/alice/shop/actions/runs/" + run.get("id").asText() + "/jobs", Http.token(alice))
                .json();
        var jobId = jobs.get("jobs").get(0).get("id").asText();
        var log = server.http.get("/api/v3/repos/alice/shop/actions/jobs/" + jobId + "/logs", Http.token(alice));
        assertThat(run.get("conclusion").asText()).as(log.body()).isEqualTo("success");
        assertThat(log.body()).contains("other repository: refused");

        var images = server.http
                .get("/api/v3/repos/alice/shop/images", Http.token(alice))
                .json();
        assertThat(images).hasSize(1);
        var image = images.get(0);
        assertThat(image.get("tags").toString()).contains("ci");
        assertThat(image.get("revision").asText()).isEqualTo(sha);
        assertThat(image.get("run").get("id").asLong()).isEqualTo(run.get("id").asLong());
    }

    private String pushCommit() throws Exception {
        var work = dir.resolve("work");
        var sha = git.initAndCommit(work, ".github/workflows/ci.yml", WORKFLOW);
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(alice)), "main")
                .ok();
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!server.http
                .get("/api/v3/repos/alice/shop/actions/runs", Http.token(alice))
                .body()
                .contains(sha)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no run for " + sha);
            }
            Thread.sleep(50);
        }
        return sha;
    }

    private String image(String nameAndTag) {
        return "docker://" + server.server.url().replace("http://", "") + "/alice/" + nameAndTag;
    }

    private record Result(int exit, String output) {
        Result ok() {
            assertThat(exit).as(output).isZero();
            return this;
        }
    }

    private Result skopeo(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("skopeo");
        command.add(args[0]);
        command.add(args[0].equals("copy") ? "--dest-tls-verify=false" : "--tls-verify=false");
        command.addAll(List.of(args).subList(1, args.length));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("skopeo timed out: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
