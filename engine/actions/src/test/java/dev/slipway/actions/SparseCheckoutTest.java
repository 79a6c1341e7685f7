package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code actions/checkout} with {@code sparse-checkout}: what is written, and what the real {@code git} client sees. */
class SparseCheckoutTest {
    @TempDir
    Path tmp;

    GitCli git;
    Path origin;
    Path workspace;
    Calls calls;

    @BeforeEach
    void setUp() {
        git = new GitCli(tmp.resolve("home"));
        origin = tmp.resolve("origin");
        String sha = git.initAndCommit(
                origin,
                "README.md",
                "readme",
                "a/x.txt",
                "x",
                "a/b/y.txt",
                "y",
                "a/b/deeper/v.md",
                "v",
                "a/c/z.txt",
                "z",
                "d/w.txt",
                "w",
                "d/notes.md",
                "n");
        workspace = tmp.resolve("ws");
        calls = new Calls(workspace, origin);
        calls.env.put("GITHUB_SHA", sha);
    }

    @Test
    void coneModeChecksOutTheRootTheDirectoriesNamedAndTheFilesOfTheirParents() {
        BuiltinResult result = new Checkout().main(calls.call(Map.of("sparse-checkout", "a/b\n")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("README.md")).exists();
        assertThat(workspace.resolve("a/x.txt")).exists();
        assertThat(workspace.resolve("a/b/y.txt")).exists();
        assertThat(workspace.resolve("a/b/deeper/v.md")).exists();
        assertThat(workspace.resolve("a/c")).doesNotExist();
        assertThat(workspace.resolve("d")).doesNotExist();
        assertThat(git.run(workspace, "status", "--porcelain").ok().out()).isBlank();
        assertThat(git.run(workspace, "sparse-checkout", "list").ok().out().lines())
                .containsExactly("a/b");
        assertThat(git.run(workspace, "ls-files", "-t").ok().out().lines())
                .containsExactly(
                        "H README.md",
                        "H a/b/deeper/v.md",
                        "H a/b/y.txt",
                        "S a/c/z.txt",
                        "H a/x.txt",
                        "S d/notes.md",
                        "S d/w.txt");
        assertThat(calls.log).contains("Sparse checkout: cone mode, directories a/b");
    }

    @Test
    void nonConeModeTakesGitignoreStylePatterns() {
        BuiltinResult result = new Checkout()
                .main(calls.call(
                        Map.of("sparse-checkout", "*.md\n!a/\n/d/w.txt", "sparse-checkout-cone-mode", "false")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("README.md")).exists();
        assertThat(workspace.resolve("d/notes.md")).exists();
        assertThat(workspace.resolve("d/w.txt")).exists();
        // "!a/" excludes the directory a, but a file under it that "*.md" matches is decided by its own path first
        assertThat(workspace.resolve("a/b/deeper/v.md")).exists();
        assertThat(workspace.resolve("a/x.txt")).doesNotExist();
        assertThat(workspace.resolve("a/c")).doesNotExist();
        assertThat(git.run(workspace, "status", "--porcelain").ok().out()).isBlank();
        // git reads the same patterns and agrees on every file
        assertThat(git.run(workspace, "ls-files", "-t").ok().out().lines())
                .containsExactly(
                        "H README.md",
                        "H a/b/deeper/v.md",
                        "S a/b/y.txt",
                        "S a/c/z.txt",
                        "S a/x.txt",
                        "H d/notes.md",
                        "H d/w.txt");
    }

    @Test
    void aLaterCheckoutWithoutSparseCheckoutWritesEveryFileAgain() {
        new Checkout().main(calls.call(Map.of("sparse-checkout", "d")));
        Path keptOut = workspace.resolve("a/x.txt");
        assertThat(keptOut).doesNotExist();

        BuiltinResult again = new Checkout().main(calls.call(Map.of()));

        assertThat(again.success()).as(again.error().orElse("")).isTrue();
        assertThat(keptOut).hasContent("x");
        assertThat(workspace.resolve("a/c/z.txt")).hasContent("z");
        assertThat(git.run(workspace, "status", "--porcelain").ok().out()).isBlank();
        assertThat(git.run(workspace, "config", "--get", "core.sparseCheckout").exit())
                .isEqualTo(1);
        assertThat(git.run(workspace, "ls-files", "-t").ok().out().lines()).allMatch(l -> l.startsWith("H "));
    }

    @Test
    void aSecondSparseCheckoutReplacesTheFirstsDirectories() {
        new Checkout().main(calls.call(Map.of("sparse-checkout", "d")));

        BuiltinResult again = new Checkout().main(calls.call(Map.of("sparse-checkout", "/a/c/")));

        assertThat(again.success()).as(again.error().orElse("")).isTrue();
        assertThat(workspace.resolve("a/c/z.txt")).exists();
        assertThat(workspace.resolve("d")).doesNotExist();
        assertThat(git.run(workspace, "sparse-checkout", "list").ok().out().lines())
                .containsExactly("a/c");
        assertThat(git.run(workspace, "status", "--porcelain").ok().out()).isBlank();
    }

    @Test
    void conePredicate() throws Exception {
        SparseCheckout cone =
                SparseCheckout.of(Optional.of(" a/b/ \n\n c \n"), true).orElseThrow();

        assertThat(cone)
                .accepts("README", "a/x", "a/b/y", "a/b/c/d/e", "c/z", "c/d/z")
                .rejects("a/bb/y", "a/c/z", "d/w", "cc/z", "b/y");
        assertThat(SparseCheckout.of(Optional.of(" \n "), true)).isEmpty();
        assertThat(SparseCheckout.of(Optional.empty(), false)).isEmpty();
    }

    @Test
    void nonConePredicateLetsTheLastMatchingPatternDecideAndFollowsDirectories() throws Exception {
        SparseCheckout patterns = SparseCheckout.of(Optional.of("/*\n!/*/\nsrc/\n!src/gen/\n"), false)
                .orElseThrow();

        assertThat(patterns)
                // as git sparse-checkout reapply decides them (checked with git 2.39): a directory pattern without a
                // leading slash matches at any depth
                .accepts("README", "pom.xml", "src/Main.java", "src/a/B.java", "test/src/T.java")
                .rejects("docs/x.md", "src/gen/G.java");
    }

    @Test
    void aSubmodulesInputOtherThanTrueOrRecursiveMeansNone() throws Exception {
        Files.createDirectories(workspace);
        BuiltinResult result = new Checkout().main(calls.call(Map.of("submodules", "yes")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(calls.log)
                .contains("submodules: 'yes' is neither true, false nor recursive; no submodules, as actions/checkout"
                        + " reads it");
    }
}
