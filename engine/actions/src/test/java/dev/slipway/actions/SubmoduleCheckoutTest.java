package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code actions/checkout} with {@code submodules}: repositories made by the real {@code git} client ({@code git
 * submodule add}), and the result read by it ({@code git submodule status}, {@code git status}).
 */
class SubmoduleCheckoutTest {
    @TempDir
    Path tmp;

    GitCli git;
    Path deep;
    Path lib;
    Path app;
    String libCommit;
    String deepCommit;
    Path workspace;

    @BeforeEach
    void setUp() {
        git = new GitCli(tmp.resolve("home"));
        git.run(tmp, "config", "--global", "protocol.file.allow", "always").ok();
        deep = tmp.resolve("deep");
        deepCommit = git.initAndCommit(deep, "deep.txt", "deep v1");
        lib = tmp.resolve("lib");
        git.initAndCommit(lib, "lib.txt", "lib v1");
        git.run(lib, "submodule", "add", "-q", "../deep", "vendor/deep").ok();
        libCommit = git.commit(lib, "add deep");
        app = tmp.resolve("app");
        git.initAndCommit(app, "README.md", "app");
        git.run(app, "submodule", "add", "-q", "../lib", "lib").ok();
        git.commit(app, "add lib");
        workspace = tmp.resolve("ws");
    }

    /** A developer's clone of app with its submodules initialised, as {@code git clone --recurse-submodules} makes. */
    private Path developerClone() {
        Path dev = tmp.resolve("dev");
        git.run(tmp, "clone", "-q", "--recurse-submodules", app.toString(), dev.toString())
                .ok();
        return dev;
    }

    private Calls calls(Path source) {
        Calls calls = new Calls(workspace, source);
        calls.env.put(
                "GITHUB_SHA", git.run(source, "rev-parse", "HEAD").ok().out().strip());
        return calls;
    }

    @Test
    void trueChecksOutTheTopLevelSubmodulesFromTheSourcesOwnCopy() {
        Path dev = developerClone();
        Calls calls = calls(dev);

        // the server's checkout: the repository's own copy only
        BuiltinResult result = new Checkout().main(calls.call(Map.of("submodules", "true")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("lib/lib.txt")).hasContent("lib v1");
        assertThat(workspace.resolve("lib/vendor/deep")).isEmptyDirectory();
        assertThat(git.run(workspace, "submodule", "status").ok().out().strip()).startsWith(libCommit + " lib");
        assertThat(git.run(workspace, "status", "--porcelain").ok().out()).isBlank();
        assertThat(git.run(workspace.resolve("lib"), "status", "--porcelain")
                        .ok()
                        .out())
                .isBlank();
        assertThat(workspace.resolve(".git/modules/lib/HEAD")).exists();
        assertThat(workspace.resolve("lib/.git")).isRegularFile();
        assertThat(calls.log)
                .anyMatch(l -> l.startsWith("Submodule 'lib' (../lib) checked out at " + libCommit + " into lib (from "
                        + dev.resolve(".git/modules/lib") + ")"));
    }

    @Test
    void recursiveChecksOutTheSubmodulesOfSubmodules() {
        Path dev = developerClone();

        BuiltinResult result = new Checkout().main(calls(dev).call(Map.of("submodules", "recursive")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("lib/vendor/deep/deep.txt")).hasContent("deep v1");
        List<String> status = git.run(workspace, "submodule", "status", "--recursive")
                .ok()
                .out()
                .lines()
                .toList();
        assertThat(status).hasSize(2);
        assertThat(status.get(0)).startsWith(" " + libCommit + " lib");
        assertThat(status.get(1)).startsWith(" " + deepCommit + " lib/vendor/deep");
        assertThat(git.run(workspace, "status", "--porcelain", "--ignore-submodules=none")
                        .ok()
                        .out())
                .isBlank();
        git.run(workspace.resolve("lib/vendor/deep"), "fsck", "--strict").ok();
        // a second checkout into the same directory brings them back as they were
        Path junk = workspace.resolve("lib/vendor/deep/junk.txt");
        writeString(junk, "x");
        BuiltinResult again = new Checkout().main(calls(dev).call(Map.of("submodules", "recursive")));
        assertThat(again.success()).as(again.error().orElse("")).isTrue();
        assertThat(junk).doesNotExist();
        assertThat(workspace.resolve("lib/vendor/deep/deep.txt")).hasContent("deep v1");
        assertThat(git.run(workspace, "status", "--porcelain", "--ignore-submodules=none")
                        .ok()
                        .out())
                .isBlank();
    }

    @Test
    void aSubmoduleTheSourceNeverInitialisedFailsNamingWhereItWasLookedFor() {
        Path plain = tmp.resolve("plain");
        git.run(tmp, "clone", "-q", app.toString(), plain.toString()).ok();

        BuiltinResult result = new Checkout().main(calls(plain).call(Map.of("submodules", "true")));

        assertThat(result.success()).isFalse();
        assertThat(result.error())
                .get()
                .asString()
                .startsWith("submodule 'lib' (path 'lib', url '../lib'): commit " + libCommit + " is in none of: "
                        + plain.resolve(".git/modules/lib") + " (no repository); ")
                .contains(plain.resolve("lib") + " (no repository)")
                .endsWith(
                        "Here a submodule is taken from the repository's own copy only (slipway run follows its URL)");
    }

    @Test
    void slipwayRunFollowsARelativeUrlToTheRepositoryBesideTheSuperprojectsOrigin() {
        Path plain = tmp.resolve("plain");
        git.run(tmp, "clone", "-q", app.toString(), plain.toString()).ok();
        Checkout local = new Checkout(WorkingTree.NONE, Optional.empty());
        Calls calls = calls(plain);

        BuiltinResult result = local.main(calls.call(Map.of("submodules", "recursive")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("lib/vendor/deep/deep.txt")).hasContent("deep v1");
        // plain's origin is app, so ../lib is the lib beside it; lib's own copy of deep is in lib's .git/modules
        assertThat(calls.log).anyMatch(l -> l.endsWith("into lib (from " + lib + ")"));
        assertThat(calls.log)
                .anyMatch(l -> l.endsWith("into vendor/deep (from " + lib.resolve(".git/modules/vendor/deep") + ")"));
        assertThat(git.run(workspace, "submodule", "status", "--recursive")
                        .ok()
                        .out()
                        .lines())
                .allMatch(l -> l.startsWith(" "));
    }

    @Test
    void aSubmoduleCommitTheDevelopersCopyLacksIsTakenFromItsUrl() {
        Path dev = developerClone();
        String newer = git.commit(lib, "lib v2", "lib.txt", "lib v2");
        git.run(app.resolve("lib"), "pull", "-q", "--no-rebase", "origin", "main")
                .ok();
        git.commit(app, "bump lib");
        git.run(dev, "pull", "-q", "--no-rebase", "--no-recurse-submodules").ok(); // lib not updated in dev

        BuiltinResult result =
                new Checkout(WorkingTree.NONE, Optional.empty()).main(calls(dev).call(Map.of("submodules", "true")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("lib/lib.txt")).hasContent("lib v2");
        assertThat(git.run(workspace, "submodule", "status").ok().out()).startsWith(" " + newer + " lib");
    }

    @Test
    void aHostedUrlIsLookedUpInTheActionSource() {
        Path mirror = tmp.resolve("mirror");
        git.run(
                        tmp,
                        "clone",
                        "-q",
                        "--bare",
                        lib.toString(),
                        mirror.resolve("acme/lib.git").toString())
                .ok();
        Path hosted = tmp.resolve("hosted");
        git.initAndCommit(hosted, "README.md", "hosted");
        // a submodule whose URL is GitHub's, recorded without cloning it
        git.run(hosted, "update-index", "--add", "--cacheinfo", "160000," + libCommit + ",libs/core")
                .ok();
        commitGitmodules(hosted, "[submodule \"core\"]\n\tpath = libs/core\n\turl = https://github.com/acme/lib.git\n");
        ActionSource source = ActionSource.of(List.of(mirror.toString()), tmp.resolve("cache"));

        BuiltinResult result = new Checkout(WorkingTree.NONE, Optional.of(source))
                .main(calls(hosted).call(Map.of("submodules", "true")));
        BuiltinResult withoutSource = new Checkout(WorkingTree.NONE, Optional.empty())
                .main(new Calls(tmp.resolve("ws2"), hosted).call(Map.of("submodules", "true")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("libs/core/lib.txt")).hasContent("lib v1");
        assertThat(git.run(workspace, "submodule", "status").ok().out()).startsWith(" " + libCommit + " libs/core");
        assertThat(withoutSource.error())
                .get()
                .asString()
                .contains("url 'https://github.com/acme/lib.git'")
                .endsWith("Run 'git submodule update --init --recursive' in " + hosted
                        + ", or put the repository in the action source");
    }

    @Test
    void aSubmoduleNameLeadingOutOfGitModulesIsRefused() {
        Path evil = tmp.resolve("evil");
        git.initAndCommit(evil, "README.md", "x");
        git.run(evil, "update-index", "--add", "--cacheinfo", "160000," + libCommit + ",lib")
                .ok();
        commitGitmodules(evil, "[submodule \"../../hooks\"]\n\tpath = lib\n\turl = ../lib\n");

        BuiltinResult result = new Checkout(WorkingTree.NONE, Optional.empty())
                .main(calls(evil).call(Map.of("submodules", "true")));

        assertThat(result.error()).contains("submodule name '../../hooks' in .gitmodules is not allowed");
        assertThat(workspace.resolve(".git/hooks/HEAD")).doesNotExist();
    }

    @Test
    void relativeUrlsResolveAsGitResolvesThem() {
        assertThat(Submodules.resolve("https://github.com/acme/app.git", "../lib.git"))
                .isEqualTo("https://github.com/acme/lib.git");
        assertThat(Submodules.resolve("https://github.com/acme/app/", "./sub"))
                .isEqualTo("https://github.com/acme/app/sub");
        assertThat(Submodules.resolve("git@github.com:acme/app.git", "../../other/lib"))
                .isEqualTo("git@github.com:other/lib");
        assertThat(Submodules.resolve("/src/app", "../lib")).isEqualTo("/src/lib");
    }

    /** Commits {@code .gitmodules} and the index (not {@code git add -A}, which would drop an unpopulated gitlink). */
    private void commitGitmodules(Path repo, String content) {
        writeString(repo.resolve(".gitmodules"), content);
        git.run(repo, "add", ".gitmodules").ok();
        git.run(repo, "commit", "-q", "-m", "submodule").ok();
    }

    private static void writeString(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
