package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import dev.slipway.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutTest {
    @TempDir
    Path tmp;

    TestRepo repo;
    String first;
    String second;
    Path workspace;
    Calls calls;
    final BuiltinAction checkout = new Checkout();

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.init(tmp.resolve("origin"));
        first = repo.file("README.md", "one")
                .executable("bin/run.sh", "#!/bin/sh\n")
                .commit("first");
        repo.tag("v1");
        second = repo.file("README.md", "two")
                .file("src/New.java", "class New {}")
                .commit("second");
        repo.branch("feature").checkout("feature");
        repo.file("feature.txt", "f").commit("feature");
        repo.checkout("main");
        workspace = Files.createDirectories(tmp.resolve("ws"));
        calls = new Calls(workspace, repo.dir());
        calls.env.put("GITHUB_SHA", second);
    }

    @Test
    void checksOutGithubShaWithDetachedHeadAndOrigin() throws Exception {
        BuiltinResult result = checkout.main(calls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(result.outputs()).containsEntry("commit", second).containsEntry("ref", "refs/heads/main");
        assertThat(workspace.resolve("README.md")).hasContent("two");
        assertThat(Files.isExecutable(workspace.resolve("bin/run.sh"))).isTrue();
        try (Git git = Git.open(workspace.toFile())) {
            Repository r = git.getRepository();
            assertThat(r.getFullBranch()).isEqualTo(second);
            assertThat(r.getConfig().getString("remote", "origin", "url"))
                    .isEqualTo(repo.dir().toString());
            assertThat(git.log().call().iterator().next().getName()).isEqualTo(second);
            assertThat(git.status().call().isClean()).isTrue();
        }
    }

    @Test
    void anObjectMissingFromTheRepositoryIsNamedWithWhereAndWhatItMeans() throws Exception {
        var blob = new org.eclipse.jgit.lib.ObjectInserter.Formatter()
                .idFor(
                        org.eclipse.jgit.lib.Constants.OBJ_BLOB,
                        "class New {}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path loose = repo.gitDir()
                .resolve("objects/" + blob.name().substring(0, 2) + "/"
                        + blob.name().substring(2));
        Files.delete(loose);

        BuiltinResult result = checkout.main(calls.call(Map.of()));

        assertThat(result.error())
                .hasValue("checkout failed: in " + repo.dir() + ", object " + blob.name() + " is missing from it: it"
                        + " is incomplete (damaged, or a partial or shallow copy); `git fsck` in it names what is"
                        + " missing");
    }

    @Test
    void checksOutOlderShaIntoSubPath() {
        calls.env.put("GITHUB_SHA", first);

        BuiltinResult result = checkout.main(calls.call(Map.of("path", "sub/dir")));

        assertThat(result.success()).isTrue();
        assertThat(workspace.resolve("sub/dir/README.md")).hasContent("one");
        assertThat(workspace.resolve("sub/dir/src")).doesNotExist();
    }

    @Test
    void refInputSelectsBranchOrTag() throws Exception {
        BuiltinResult branch = checkout.main(calls.call(Map.of("ref", "feature", "path", "b")));
        BuiltinResult tag = checkout.main(calls.call(Map.of("ref", "v1", "path", "t")));

        assertThat(branch.outputs())
                .containsEntry("ref", "feature")
                .containsEntry("commit", repo.repository().resolve("feature").name());
        assertThat(workspace.resolve("b/feature.txt")).exists();
        assertThat(tag.outputs()).containsEntry("commit", first);
        assertThat(workspace.resolve("t/README.md")).hasContent("one");
    }

    @Test
    void cleanRemovesUntrackedFilesOnSecondCheckout() throws Exception {
        checkout.main(calls.call(Map.of()));
        Files.writeString(workspace.resolve("junk.txt"), "x");
        Files.writeString(workspace.resolve("README.md"), "modified");

        BuiltinResult result = checkout.main(calls.call(Map.of()));

        assertThat(result.success()).isTrue();
        assertThat(workspace.resolve("junk.txt")).doesNotExist();
        assertThat(workspace.resolve("README.md")).hasContent("two");
    }

    @Test
    void cleanFalseKeepsUntrackedFiles() throws Exception {
        checkout.main(calls.call(Map.of()));
        Files.writeString(workspace.resolve("junk.txt"), "x");

        BuiltinResult result = checkout.main(calls.call(Map.of("clean", "false")));

        assertThat(result.success()).isTrue();
        assertThat(workspace.resolve("junk.txt")).exists();
    }

    @Test
    void missingCommitFailsWithClearError() {
        calls.env.put("GITHUB_SHA", "0123456789012345678901234567890123456789");

        BuiltinResult result = checkout.main(calls.call(Map.of()));

        assertThat(result.success()).isFalse();
        assertThat(result.error()).get().asString().contains("0123456789012345678901234567890123456789", "not found");
    }

    @Test
    void anotherRepositoryNoActionSourceHoldsFailsNamingIt() {
        BuiltinResult alone = checkout.main(calls.call(Map.of("repository", "someone/else")));
        ActionSource empty = ActionSource.of(List.of(tmp.resolve("no-mirror").toString()), tmp.resolve("cache"));
        BuiltinResult withSource = new Checkout(WorkingTree.NONE, Optional.of(empty))
                .main(calls.call(Map.of("repository", "someone/else")));

        assertThat(alone.error())
                .contains("repository 'someone/else' is not the run's repository (acme/app) and no action source holds"
                        + " it as a git repository");
        assertThat(withSource.error()).get().asString().endsWith("(locations tried: " + tmp.resolve("no-mirror") + ")");
        // a name that would lead out of the source's directory is none: "../loc" would name the location itself
        Path location = tmp.resolve("loc");
        TestRepo.init(location).file("x", "x").commit("a repository where ../loc leads");
        ActionSource odd = ActionSource.of(List.of(location.toString()), tmp.resolve("cache2"));
        assertThat(new Checkout(WorkingTree.NONE, Optional.of(odd))
                        .main(calls.call(Map.of("repository", "../loc")))
                        .error())
                .get()
                .asString()
                .contains("no action source holds it");
    }

    @Test
    void anotherRepositoryComesFromTheActionSourceAtItsDefaultBranchOrTheRefAsked() throws Exception {
        Path mirror = tmp.resolve("mirror");
        TestRepo other = TestRepo.init(mirror.resolve("acme/configs"));
        String v1 = other.file("lint.cfg", "strict = false\n").commit("v1");
        other.tag("v1");
        String tip = other.file("lint.cfg", "strict = true\n").commit("stricter");
        Checkout withSource = new Checkout(
                WorkingTree.NONE, Optional.of(ActionSource.of(List.of(mirror.toString()), tmp.resolve("cache"))));

        BuiltinResult main = withSource.main(calls.call(Map.of("repository", "acme/configs", "path", "configs")));
        BuiltinResult tagged =
                withSource.main(calls.call(Map.of("repository", "ACME/Configs", "ref", "v1", "path", "old")));

        assertThat(main.success()).as(main.error().orElse("")).isTrue();
        assertThat(main.outputs()).containsEntry("commit", tip).containsEntry("ref", "refs/heads/main");
        assertThat(workspace.resolve("configs/lint.cfg")).hasContent("strict = true\n");
        assertThat(tagged.success()).as(tagged.error().orElse("")).isTrue();
        assertThat(tagged.outputs()).containsEntry("commit", v1).containsEntry("ref", "v1");
        assertThat(workspace.resolve("old/lint.cfg")).hasContent("strict = false\n");
        GitCli git = new GitCli(tmp.resolve("home"));
        assertThat(git.run(workspace.resolve("configs"), "remote", "get-url", "origin")
                        .ok()
                        .out()
                        .strip())
                .isEqualTo(mirror.resolve("acme/configs").toString());
        assertThat(git.run(workspace.resolve("configs"), "log", "--format=%s")
                        .ok()
                        .out()
                        .lines())
                .containsExactly("stricter", "v1");
        // the run's own repository is still checked out at the event's commit next to them
        assertThat(withSource.main(calls.call(Map.of())).outputs()).containsEntry("commit", second);
        assertThat(workspace.resolve("README.md")).hasContent("two");
    }

    @Test
    void worksFromBareRepositoryAndFetchesTagsWhenAsked() throws Exception {
        Path bare = repo.cloneBare(tmp.resolve("bare.git"));
        Calls bareCalls = new Calls(workspace, bare);
        bareCalls.env.put("GITHUB_SHA", second);

        BuiltinResult result = checkout.main(bareCalls.call(Map.of("fetch-tags", "true", "fetch-depth", "0")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        try (Git git = Git.open(workspace.toFile())) {
            assertThat(git.getRepository().resolve("refs/tags/v1^{commit}").name())
                    .isEqualTo(first);
        }
    }

    @Test
    void copiesTheObjectsInsteadOfFetchingAndTheGitClientReadsTheResult() throws Exception {
        BuiltinResult result = checkout.main(calls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(calls.log).anyMatch(l -> l.startsWith("Copied the objects of " + repo.dir()));
        assertThat(calls.log).noneMatch(l -> l.startsWith("Fetched in"));
        GitCli git = new GitCli(tmp.resolve("home"));
        assertThat(git.run(workspace, "log", "--format=%H").ok().out().lines()).containsExactly(second, first);
        assertThat(git.run(workspace, "branch", "-r", "--format=%(refname)")
                        .ok()
                        .out()
                        .lines())
                .containsExactlyInAnyOrder("refs/remotes/origin/feature", "refs/remotes/origin/main");
        assertThat(git.run(workspace, "tag").ok().out()).isBlank(); // fetch-depth 1 and no fetch-tags: no tags
        git.run(workspace, "fsck", "--strict").ok();
        assertThat(git.run(workspace, "status", "--porcelain").ok().out()).isBlank();
    }

    @Test
    void copiesPacksAsFilesOfTheirOwnNotAsLinksIntoTheSource() throws Exception {
        Path bare = repo.cloneBare(tmp.resolve("packed.git"));
        Calls bareCalls = new Calls(workspace, bare);
        bareCalls.env.put("GITHUB_SHA", second);

        BuiltinResult result = checkout.main(bareCalls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(bareCalls.log).anyMatch(l -> l.startsWith("Copied the objects of "));
        List<Path> packs;
        try (var files = Files.list(workspace.resolve(".git/objects/pack"))) {
            packs = files.toList();
        }
        assertThat(packs).extracting(p -> p.getFileName().toString()).anyMatch(n -> n.endsWith(".idx"));
        for (Path p : packs) { // a container job can reach the workspace: nothing in it may share the source's inodes
            assertThat(Files.getAttribute(p, "unix:nlink")).as(p.toString()).isEqualTo(1);
            assertThat(p.getFileName().toString()).doesNotStartWith("tmp_");
        }
        new GitCli(tmp.resolve("home")).run(workspace, "fsck", "--strict").ok();
    }

    @Test
    void fetchesWhenTheSourceBorrowsObjectsFromAnotherRepository() throws Exception {
        Path lender = Files.createDirectories(tmp.resolve("lender.git/objects"));
        Files.createDirectories(repo.gitDir().resolve("objects/info"));
        Files.writeString(repo.gitDir().resolve("objects/info/alternates"), lender + "\n");

        BuiltinResult result = checkout.main(calls.call(Map.of("fetch-depth", "0")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(calls.log).anyMatch(l -> l.startsWith("Fetched in"));
        assertThat(workspace.resolve("README.md")).hasContent("two");
        try (Git git = Git.open(workspace.toFile())) {
            assertThat(git.getRepository().resolve("refs/tags/v1^{commit}").name())
                    .isEqualTo(first);
        }
    }

    @Test
    void checksOutFromALinkedWorkTreeWhoseObjectsAreItsMainRepositorys() throws Exception {
        GitCli git = new GitCli(tmp.resolve("home"));
        Path linked = tmp.resolve("linked");
        git.run(repo.dir(), "worktree", "add", "-q", "-b", "wt", linked.toString(), second)
                .ok();
        assertThat(linked.resolve(".git")).isRegularFile(); // "gitdir: .../.git/worktrees/linked"
        Calls linkedCalls = new Calls(workspace, linked);
        linkedCalls.env.put("GITHUB_SHA", second);

        BuiltinResult result = checkout.main(linkedCalls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(linkedCalls.log).anyMatch(l -> l.startsWith("Copied the objects of " + linked));
        assertThat(workspace.resolve("README.md")).hasContent("two");
        assertThat(git.run(workspace, "log", "--format=%H").ok().out().lines()).containsExactly(second, first);
        assertThat(git.run(workspace, "branch", "-r", "--format=%(refname)")
                        .ok()
                        .out()
                        .lines())
                .contains("refs/remotes/origin/wt", "refs/remotes/origin/main");
    }

    @Test
    void aSecondCheckoutFindsTheCommitInAPackTheSourceMadeSince() throws Exception {
        assertThat(checkout.main(calls.call(Map.of())).success()).isTrue();
        String third = repo.file("README.md", "three").commit("third");
        new GitCli(tmp.resolve("home")).run(repo.dir(), "gc", "-q").ok(); // every object into one new pack
        calls.env.put("GITHUB_SHA", third);

        BuiltinResult result = checkout.main(calls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(calls.log)
                .filteredOn(l -> l.startsWith("Copied the objects of "))
                .hasSize(2);
        assertThat(workspace.resolve("README.md")).hasContent("three");
    }
}
