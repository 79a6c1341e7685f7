package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the {@link PushListener} hears for creates, fast-forwards, force pushes, deletes and tags. */
class PushEventsIT {
    @TempDir
    Path tmp;

    final List<PushEvent> events = new CopyOnWriteArrayList<>();
    Repositories repos;
    Server server;
    GitCli git;
    Path work;
    String url;

    @BeforeEach
    void start() throws Exception {
        repos = Repositories.at(tmp.resolve("repos"));
        repos.create("alice", "app", "main", "");
        git = new GitCli(tmp.resolve("home"));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(
                new ServletHolder(GitHttp.builder(repos, GitHttpIT.ACCESS)
                        .pushListener(events::add)
                        .maxCommitsPerRef(3)
                        .build()),
                "/git/*");
        server.setHandler(context);
        server.start();
        url = "http://alice:secret@127.0.0.1:" + connector.getLocalPort() + "/git/alice/app.git";
        work = git.init(Files.createDirectories(tmp.resolve("work")));
        git.run(work, "remote", "add", "origin", url).ok();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    PushEvent push(String... args) {
        int before = events.size();
        List<String> cmd = new java.util.ArrayList<>(List.of("push", "origin"));
        cmd.addAll(List.of(args));
        git.run(work, cmd.toArray(String[]::new)).ok();
        assertThat(events).hasSize(before + 1);
        return events.getLast();
    }

    @Test
    void createCarriesEveryNewCommitOldestFirstWithItsFiles() {
        String c1 = git.commit(work, "one", "a.txt", "a\n", "b.txt", "b\n");
        String c2 = git.commit(work, "two\n\nbody", "a.txt", "a2\n", "b.txt", "<delete>", "c.txt", "c\n");

        PushEvent e = push("main");

        assertThat(e.owner()).isEqualTo("alice");
        assertThat(e.name()).isEqualTo("app");
        assertThat(e.pusher().login()).isEqualTo("alice");
        RefUpdate u = e.updates().getFirst();
        assertThat(u.change()).isEqualTo(new RefChange("refs/heads/main", RefChange.ZERO, c2, RefChange.Type.CREATE));
        assertThat(u.totalCommits()).isEqualTo(2);
        assertThat(u.commits()).extracting(PushedCommit::id).containsExactly(c1, c2);
        PushedCommit one = u.commits().get(0);
        assertThat(one.added()).containsExactly("a.txt", "b.txt");
        assertThat(one.removed()).isEmpty();
        PushedCommit two = u.commits().get(1);
        assertThat(two.message()).isEqualTo("two\n\nbody\n");
        assertThat(two.author().name()).isEqualTo("Dev");
        assertThat(two.author().email()).isEqualTo("dev@example.com");
        assertThat(two.timestamp()).isEqualTo(two.author().when());
        assertThat(two.added()).containsExactly("c.txt");
        assertThat(two.removed()).containsExactly("b.txt");
        assertThat(two.modified()).containsExactly("a.txt");
    }

    @Test
    void fastForwardForcePushDeleteAndTagsAreTypedAndCarryOnlyNewCommits() {
        String c1 = git.commit(work, "one", "a.txt", "a\n");
        push("main");
        String c2 = git.commit(work, "two", "a.txt", "b\n");

        RefUpdate ff = push("main").updates().getFirst();
        assertThat(ff.change()).isEqualTo(new RefChange("refs/heads/main", c1, c2, RefChange.Type.UPDATE));
        assertThat(ff.commits()).extracting(PushedCommit::id).containsExactly(c2);
        assertThat(ff.commits().getFirst().modified()).containsExactly("a.txt");

        git.run(work, "reset", "-q", "--hard", c1).ok();
        String c2b = git.commit(work, "two again", "z.txt", "z\n");
        RefUpdate force = push("--force", "main").updates().getFirst();
        assertThat(force.change()).isEqualTo(new RefChange("refs/heads/main", c2, c2b, RefChange.Type.FORCE));
        assertThat(force.commits()).extracting(PushedCommit::id).containsExactly(c2b);

        RefUpdate branch = push("main:refs/heads/feature").updates().getFirst();
        assertThat(branch.change())
                .isEqualTo(new RefChange("refs/heads/feature", RefChange.ZERO, c2b, RefChange.Type.CREATE));
        assertThat(branch.commits()).as("already on main").isEmpty();

        git.run(work, "tag", "v1").ok();
        RefUpdate tag = push("v1").updates().getFirst();
        assertThat(tag.change().isTag()).isTrue();
        assertThat(tag.type()).isEqualTo(RefChange.Type.CREATE);
        assertThat(tag.commits()).isEmpty();

        RefUpdate delete = push(":feature").updates().getFirst();
        assertThat(delete.change())
                .isEqualTo(new RefChange("refs/heads/feature", c2b, RefChange.ZERO, RefChange.Type.DELETE));
        assertThat(delete.commits()).isEmpty();
    }

    @Test
    void longPushesKeepTheNewestCommitsAndCountAll() {
        String last = "";
        for (int i = 1; i <= 5; i++) {
            last = git.commit(work, "c" + i, "f.txt", i + "\n");
        }

        RefUpdate u = push("main").updates().getFirst();

        assertThat(u.totalCommits()).isEqualTo(5);
        assertThat(u.commits()).extracting(c -> c.message().strip()).containsExactly("c3", "c4", "c5");
        assertThat(u.commits().getLast().id()).isEqualTo(last);
    }

    @Test
    void theFirstBranchPushedToAnEmptyRepositoryBecomesTheDefault() {
        git.commit(work, "one", "a.txt", "a\n");

        push("main:trunk");

        try (HostedRepo repo = repos.open("alice", "app").orElseThrow()) {
            assertThat(repo.defaultBranch()).isEqualTo("trunk");
        }
    }
}
