package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import dev.slipway.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code actions/checkout} and the uncommitted changes of {@code slipway run}'s working tree. */
class WorkingTreeTest {
    @TempDir
    Path tmp;

    TestRepo repo;
    String head;
    Path workspace;
    Calls calls;
    GitCli git;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.init(tmp.resolve("origin"));
        repo.file(".gitignore", "build/\n")
                .file("README.md", "committed")
                .file("docs/old.md", "old")
                .file("src/Keep.java", "class Keep {}")
                .executable("run.sh", "#!/bin/sh\necho committed\n")
                .commit("first");
        head = repo.commit("second (empty)");
        workspace = Files.createDirectories(tmp.resolve("ws"));
        calls = new Calls(workspace, repo.dir());
        calls.env.put("GITHUB_SHA", head);
        git = new GitCli(tmp.resolve("home"));
        // the developer's work, not committed: an edit, a deletion that empties its directory, a new file in a new
        // directory, a file staged only, an executable edited, and build output that .gitignore leaves out
        Path dir = repo.dir();
        Files.writeString(dir.resolve("README.md"), "edited");
        Files.delete(dir.resolve("docs/old.md"));
        Files.createDirectories(dir.resolve("src/new"));
        Files.writeString(dir.resolve("src/new/Added.java"), "class Added {}");
        Files.writeString(dir.resolve("staged.txt"), "staged");
        git.run(dir, "add", "staged.txt").ok();
        Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho edited\n");
        Files.setLastModifiedTime(dir.resolve("README.md"), FileTime.fromMillis(1_700_000_000_000L));
        Files.createDirectories(dir.resolve("build"));
        Files.writeString(dir.resolve("build/out.bin"), "ignored");
    }

    @Test
    void readsWhatGitStatusShows() throws Exception {
        WorkingTree.Changes changes = WorkingTree.read(repo.dir());

        assertThat(changes.head()).isEqualTo(head);
        assertThat(changes.changes())
                .extracting(WorkingTree.Change::toString)
                .containsExactly("M README.md", "D docs/old.md", "M run.sh", "?? src/new/Added.java", "A staged.txt");
        assertThat(changes.shortList(2)).isEqualTo("M README.md, D docs/old.md and 3 more");
    }

    @Test
    void theFingerprintFollowsEditsAndCommitsButNotIgnoredFiles() throws Exception {
        Path dir = repo.dir();
        String first = WorkingTree.fingerprint(dir);
        assertThat(WorkingTree.fingerprint(dir)).isEqualTo(first);

        Files.writeString(dir.resolve("build/more.bin"), "ignored too");
        assertThat(WorkingTree.fingerprint(dir)).as("an ignored file").isEqualTo(first);

        Files.writeString(dir.resolve("README.md"), "edited again, longer");
        String edited = WorkingTree.fingerprint(dir);
        assertThat(edited).as("a modified file modified again").isNotEqualTo(first);

        assertThat(WorkingTree.differences(first, edited)).containsExactly("README.md");
        Files.writeString(dir.resolve("brand-new.txt"), "n");
        assertThat(WorkingTree.differences(edited, WorkingTree.fingerprint(dir)))
                .containsExactly("brand-new.txt");

        git.run(dir, "add", "-A").ok();
        git.run(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "all")
                .ok();
        String committed = WorkingTree.fingerprint(dir);
        assertThat(committed).as("a commit").isNotEqualTo(edited).startsWith(repo.head());
        assertThat(WorkingTree.differences(edited, committed))
                .startsWith("new commit " + repo.head().substring(0, 7))
                .contains("README.md", "docs/old.md", "run.sh", "src/new/Added.java", "staged.txt");
    }

    @Test
    void jgitReadsTheSameWhereThereIsNoGitProgram() throws Exception {
        assertThat(WorkingTree.readWithJGit(repo.dir()))
                .isEqualTo(WorkingTree.readWithGit(repo.dir()).orElseThrow());
    }

    @Test
    void gitsPorcelainIsReadWithSpacesUnmergedEntriesAndSubmodulesLeftOut() {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        String out = String.join(
                "\0",
                "# branch.oid " + sha,
                "# branch.head main",
                "1 .M N... 100644 100644 100644 " + sha + " " + sha + " a file with spaces.txt",
                "1 D. N... 100644 000000 000000 " + sha + " " + sha + " gone.txt",
                "1 AM N... 000000 100644 100644 " + sha + " " + sha + " new.txt",
                "1 .M S.M. 160000 160000 160000 " + sha + " " + sha + " vendor/lib",
                "u UU N... 100644 100644 100644 100644 " + sha + " " + sha + " " + sha + " both.txt",
                "? dir/untracked file",
                "");

        WorkingTree.Changes c = WorkingTree.parsePorcelainV2(Path.of("/r"), out).orElseThrow();

        assertThat(c.head()).isEqualTo(sha);
        assertThat(c.changes())
                .extracting(WorkingTree.Change::toString)
                .containsExactly(
                        "M a file with spaces.txt", "U both.txt", "?? dir/untracked file", "D gone.txt", "A new.txt");
        assertThat(WorkingTree.parsePorcelainV2(Path.of("/r"), "# branch.oid (initial)\0? a\0"))
                .isEmpty();
    }

    @Test
    void includingLaysTheChangesOverTheCommitAsTheWorkingTreeHasThem() throws Exception {
        Checkout checkout = new Checkout(WorkingTree.including(repo.dir()), Optional.empty());

        BuiltinResult result = checkout.main(calls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(result.outputs()).containsEntry("commit", head);
        assertThat(workspace.resolve("README.md")).hasContent("edited");
        assertThat(Files.getLastModifiedTime(workspace.resolve("README.md")).toMillis())
                .isEqualTo(1_700_000_000_000L);
        assertThat(workspace.resolve("docs")).doesNotExist();
        assertThat(workspace.resolve("src/new/Added.java")).hasContent("class Added {}");
        assertThat(workspace.resolve("src/Keep.java")).hasContent("class Keep {}");
        assertThat(workspace.resolve("staged.txt")).hasContent("staged");
        assertThat(workspace.resolve("run.sh")).hasContent("#!/bin/sh\necho edited\n");
        assertThat(Files.isExecutable(workspace.resolve("run.sh"))).isTrue();
        assertThat(workspace.resolve("build")).doesNotExist();
        assertThat(calls.log)
                .anyMatch(l -> l.startsWith("Laid the working tree's 5 uncommitted changes over the commit")
                        && l.contains("M README.md"));
        // the job's git sees the developer's changes as changes to the commit, which HEAD still is
        assertThat(git.run(workspace, "rev-parse", "HEAD").ok().out().strip()).isEqualTo(head);
        assertThat(git.run(workspace, "status", "--porcelain", "--untracked-files=all")
                        .ok()
                        .out()
                        .lines())
                .containsExactlyInAnyOrder(
                        " M README.md", " D docs/old.md", " M run.sh", "?? src/new/Added.java", "?? staged.txt");
    }

    @Test
    void notingChecksOutTheCommitAloneAndTellsWhatItLeftOut() {
        WorkingTree tree = WorkingTree.noting(repo.dir());
        assertThat(tree.leftOut(Duration.ofSeconds(10))).as("no checkout yet").isEmpty();

        BuiltinResult result = new Checkout(tree, Optional.empty()).main(calls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("README.md")).hasContent("committed");
        assertThat(workspace.resolve("docs/old.md")).exists();
        assertThat(workspace.resolve("src/new")).doesNotExist();
        assertThat(tree.leftOut(Duration.ofSeconds(10)))
                .hasValueSatisfying(c -> assertThat(c.changes()).hasSize(5));
    }

    @Test
    void aCheckoutOfAnotherCommitGetsNoneOfThem() throws Exception {
        String first = repo.repository().resolve("HEAD~1").name();
        calls.env.put("GITHUB_SHA", first);
        WorkingTree including = WorkingTree.including(repo.dir());

        BuiltinResult result = new Checkout(including, Optional.empty()).main(calls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("README.md")).hasContent("committed");
        assertThat(calls.log).anyMatch(l -> l.contains("not laid over it"));
        WorkingTree noting = WorkingTree.noting(repo.dir());
        new Checkout(noting, Optional.empty())
                .main(new Calls(tmp.resolve("ws2"), repo.dir()).call(Map.of("ref", first)));
        assertThat(noting.leftOut(Duration.ofSeconds(10)))
                .as("only a checkout of HEAD leaves them out")
                .isEmpty();
    }

    @Test
    void aCleanWorkingTreeIsSaidSo() throws Exception {
        git.run(repo.dir(), "add", "-A").ok();
        git.run(repo.dir(), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "all")
                .ok();
        calls.env.put("GITHUB_SHA", repo.head());
        WorkingTree tree = WorkingTree.including(repo.dir());

        BuiltinResult result = new Checkout(tree, Optional.empty()).main(calls.call(Map.of()));

        assertThat(result.success()).isTrue();
        assertThat(calls.log).contains("--uncommitted: the working tree has no uncommitted changes");
        assertThat(WorkingTree.noting(repo.dir()).leftOut(Duration.ZERO)).isEmpty();
    }
}
