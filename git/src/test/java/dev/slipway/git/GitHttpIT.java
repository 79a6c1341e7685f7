package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The smart HTTP servlet on an embedded Jetty, driven by the real git client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitHttpIT {
    /** alice writes everything; bob reads everything; anonymous reads repositories named pub*. */
    static final AccessControl ACCESS = new AccessControl() {
        @Override
        public Optional<Principal> authenticate(String user, String secret) {
            if (user.equals("alice") && secret.equals("secret") || user.isEmpty() && secret.equals("tok-alice")) {
                return Optional.of(new Principal("alice", "Alice A", "alice@example.com"));
            }
            return user.equals("bob") && secret.equals("bobpw") ? Optional.of(Principal.of("bob")) : Optional.empty();
        }

        @Override
        public boolean canRead(Optional<Principal> who, RepoName repo) {
            return repo.name().startsWith("pub") || who.isPresent();
        }

        @Override
        public boolean canWrite(Principal who, RepoName repo) {
            return who.login().equals("alice");
        }
    };

    /** Refuses any change to refs/heads/locked. */
    static final ReceiveRules RULES = (repo, pusher, changes) -> changes.stream()
            .filter(c -> c.ref().equals("refs/heads/locked"))
            .map(c -> Rejection.of(c.ref(), "branch locked is protected; " + pusher.login() + " must open a PR"))
            .toList();

    final List<PushEvent> events = new CopyOnWriteArrayList<>();
    Path tmp;
    Repositories repos;
    Server server;
    GitCli git;
    String base;
    int port;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        repos = Repositories.at(tmp.resolve("repos"));
        git = new GitCli(tmp.resolve("home"));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        GitHttp.Builder builder =
                GitHttp.builder(repos, ACCESS).receiveRules(RULES).pushListener(events::add);
        context.addServlet(new ServletHolder(builder.build()), "/git/*");
        context.addServlet(new ServletHolder(builder.pathPrefix("/x").build()), "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    void stop() throws Exception {
        server.stop();
    }

    String url(String userInfo, String repo) {
        return "http://" + userInfo + "127.0.0.1:" + port + "/git/" + repo + ".git";
    }

    String alice(String repo) {
        return url("alice:secret@", repo);
    }

    Path dir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve("work").resolve(name));
    }

    List<PushEvent> eventsOf(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    @Test
    void cloneOfAnEmptyRepositoryWorks() throws Exception {
        repos.create("alice", "empty", "main", "");

        GitCli.Result r =
                git.run(dir("empty"), "clone", alice("alice/empty"), "c").ok();

        assertThat(r.err()).contains("cloned an empty repository");
    }

    @Test
    void pushThenCloneAndFetchAnonymouslyFromAPublicRepository() throws Exception {
        repos.create("alice", "pub-site", "main", "");
        Path work = git.init(dir("pub-site").resolve("w"));
        String first = git.commit(work, "first", "README.md", "hi\n");
        git.run(work, "push", alice("alice/pub-site"), "main").ok();

        Path clone = dir("pub-site").resolve("c");
        git.run(dir("pub-site"), "clone", url("", "alice/pub-site"), "c").ok();
        assertThat(Files.readString(clone.resolve("README.md"))).isEqualTo("hi\n");
        assertThat(git.run(clone, "rev-parse", "HEAD").ok().out().strip()).isEqualTo(first);

        String second = git.commit(work, "second", "b.txt", "b\n");
        git.run(work, "push", alice("alice/pub-site"), "main").ok();
        git.run(clone, "fetch", "origin").ok();
        assertThat(git.run(clone, "rev-parse", "origin/main").ok().out().strip())
                .isEqualTo(second);
    }

    @Test
    void anonymousCloneOfAPrivateRepositoryIsChallenged() throws Exception {
        repos.create("alice", "secret-plans", "main", "");

        GitCli.Result r = git.run(dir("priv"), "clone", url("", "alice/secret-plans"), "c");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).containsAnyOf("could not read Username", "Authentication failed");
        HttpResponse<String> raw = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        base + "/git/alice/secret-plans.git/info/refs?service=git-upload-pack"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(401);
        assertThat(raw.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("Basic realm=\"Slipway\""));
        assertThat(raw.body()).contains("Authentication required for alice/secret-plans");
        git.run(dir("priv"), "clone", url("bob:bobpw@", "alice/secret-plans"), "ok")
                .ok();
    }

    @Test
    void pushesNeedValidCredentialsAndWritePermission() throws Exception {
        repos.create("alice", "pub-guarded", "main", "");
        Path work = git.init(dir("guarded"));
        git.commit(work, "first", "a.txt", "a\n");

        GitCli.Result anonymous = git.run(work, "push", url("", "alice/pub-guarded"), "main");
        GitCli.Result wrong = git.run(work, "push", url("alice:nope@", "alice/pub-guarded"), "main");
        GitCli.Result readOnly = git.run(work, "push", url("bob:bobpw@", "alice/pub-guarded"), "main");

        assertThat(anonymous.exit()).isNotZero();
        assertThat(anonymous.err()).containsAnyOf("could not read Username", "Authentication failed");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("remote: Invalid username, password or token.", "Authentication failed");
        assertThat(readOnly.exit()).isNotZero();
        assertThat(readOnly.err()).contains("remote: bob may not push to alice/pub-guarded", "403");
        try (HostedRepo repo = repos.open("alice", "pub-guarded").orElseThrow()) {
            assertThat(repo.isEmpty()).isTrue();
        }
        assertThat(eventsOf("pub-guarded")).isEmpty();

        git.run(
                        work,
                        "-c",
                        "http.extraHeader=Authorization: Bearer tok-alice",
                        "push",
                        url("", "alice/pub-guarded"),
                        "main")
                .ok();
        try (HostedRepo repo = repos.open("alice", "pub-guarded").orElseThrow()) {
            assertThat(repo.branches()).extracting(Branch::name).containsExactly("main");
        }
    }

    @Test
    void tagsBranchesAndDeletesArePushed() throws Exception {
        repos.create("alice", "refs", "main", "");
        Path work = git.init(dir("refs"));
        String first = git.commit(work, "first", "a.txt", "a\n");
        git.run(work, "tag", "-a", "v1", "-m", "version one").ok();
        git.run(work, "branch", "feature").ok();
        git.run(work, "push", alice("alice/refs"), "main", "feature", "v1").ok();
        try (HostedRepo repo = repos.open("alice", "refs").orElseThrow()) {
            assertThat(repo.branches()).extracting(Branch::name).containsExactly("feature", "main");
            assertThat(repo.tags()).singleElement().satisfies(t -> {
                assertThat(t.target()).isEqualTo(first);
                assertThat(t.message()).hasValueSatisfying(m -> assertThat(m).contains("version one"));
            });
        }

        git.run(work, "push", alice("alice/refs"), ":feature").ok();

        try (HostedRepo repo = repos.open("alice", "refs").orElseThrow()) {
            assertThat(repo.branches()).extracting(Branch::name).containsExactly("main");
        }
    }

    @Test
    void receiveRulesRejectOneRefWithARemoteMessageAndKeepIt() throws Exception {
        repos.create("alice", "ruled", "main", "");
        Path work = git.init(dir("ruled"));
        String first = git.commit(work, "first", "a.txt", "a\n");
        git.run(work, "branch", "locked").ok();

        GitCli.Result r = git.run(work, "push", alice("alice/ruled"), "main", "locked");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("remote: branch locked is protected; alice must open a PR");
        assertThat(r.err()).contains("[remote rejected] locked -> locked");
        try (HostedRepo repo = repos.open("alice", "ruled").orElseThrow()) {
            assertThat(repo.branches())
                    .extracting(Branch::name, Branch::sha)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("main", first));
        }
        assertThat(eventsOf("ruled"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.updates()).extracting(RefUpdate::ref).containsExactly("refs/heads/main"));
    }

    @Test
    void servletMappedAtTheRootStripsTheConfiguredPrefix() throws Exception {
        repos.create("alice", "pub-prefixed", "main", "");
        Path work = git.init(dir("prefixed"));
        String first = git.commit(work, "first", "a.txt", "a\n");
        git.run(work, "push", "http://alice:secret@127.0.0.1:" + port + "/x/alice/pub-prefixed", "main")
                .ok();

        git.run(dir("prefixed"), "clone", base + "/x/alice/pub-prefixed.git", "c")
                .ok();

        assertThat(git.run(dir("prefixed").resolve("c"), "rev-parse", "HEAD")
                        .ok()
                        .out()
                        .strip())
                .isEqualTo(first);
    }
}
