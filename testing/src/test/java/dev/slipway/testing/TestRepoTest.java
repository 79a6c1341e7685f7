package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRepoTest {
    @TempDir
    Path tmp;

    @Test
    void commitReturnsHeadAndRecordsFiles() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            String sha = repo.file("a.txt", "A").file("dir/b.txt", "B").commit("first");
            assertThat(sha).isEqualTo(repo.head()).hasSize(40);
            assertThat(paths(repo.repository(), sha)).containsExactly("a.txt", "dir/b.txt");
            assertThat(repo.currentBranch()).isEqualTo("main");
        }
    }

    @Test
    void sameCallsProduceSameCommitIds() {
        String first;
        String second;
        try (TestRepo repo = TestRepo.init(tmp.resolve("one"))) {
            repo.file("x", "1").commit("c1");
            first = repo.file("y", "2").commit("c2");
        }
        try (TestRepo repo = TestRepo.init(tmp.resolve("two"))) {
            repo.file("x", "1").commit("c1");
            second = repo.file("y", "2").commit("c2");
        }
        assertThat(first).isEqualTo(second);
    }

    @Test
    void authorIsFixedAndDatesIncreaseByOneMinute() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            String c1 = repo.file("x", "1").commit("c1");
            String c2 = repo.file("x", "2").commit("c2");
            try (RevWalk walk = new RevWalk(repo.repository())) {
                RevCommit one = walk.parseCommit(repo.repository().resolve(c1));
                RevCommit two = walk.parseCommit(repo.repository().resolve(c2));
                assertThat(one.getAuthorIdent().getName()).isEqualTo(TestRepo.AUTHOR);
                assertThat(one.getCommitterIdent().getEmailAddress()).isEqualTo(TestRepo.EMAIL);
                assertThat(one.getAuthorIdent().getWhenAsInstant()).isEqualTo(TestRepo.EPOCH);
                assertThat(two.getCommitTime() - one.getCommitTime()).isEqualTo(60);
            }
        }
    }

    @Test
    void executableFilesGetExecutableMode() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            String sha = repo.executable("run.sh", "#!/bin/sh\necho hi\n").commit("script");
            try (TreeWalk walk = TreeWalk.forPath(
                    repo.repository(),
                    "run.sh",
                    repo.repository()
                            .parseCommit(repo.repository().resolve(sha))
                            .getTree())) {
                assertThat(walk.getFileMode(0)).isEqualTo(FileMode.EXECUTABLE_FILE);
            }
            assertThat(Files.isExecutable(repo.dir().resolve("run.sh"))).isTrue();
        }
    }

    @Test
    void deleteRemovesFileFromNextCommit() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.file("keep", "k").file("gone/x", "g").commit("c1");
            String sha = repo.delete("gone").commit("c2");
            assertThat(paths(repo.repository(), sha)).containsExactly("keep");
            assertThat(repo.dir().resolve("gone")).doesNotExist();
        }
    }

    @Test
    void branchTagAndCheckoutMoveHead() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            String base = repo.file("f", "base").commit("base");
            repo.tag("v1").annotatedTag("v1.0", "release");
            String feature =
                    repo.branch("feature").checkout("feature").file("f", "feat").commit("feat");
            assertThat(repo.currentBranch()).isEqualTo("feature");
            repo.checkout("main");
            assertThat(repo.head()).isEqualTo(base);
            assertThat(Files.readString(repo.dir().resolve("f"))).isEqualTo("base");
            assertThat(repo.repository().resolve("feature").name()).isEqualTo(feature);
            assertThat(repo.repository().resolve("v1^{commit}").name()).isEqualTo(base);
            assertThat(repo.repository().resolve("v1.0^{commit}").name()).isEqualTo(base);
            repo.checkout(feature);
            assertThat(repo.currentBranch()).isEqualTo(feature);
        }
    }

    @Test
    void cloneBareCopiesBranchesAndTags() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("src"))) {
            String sha = repo.file("f", "x").commit("c");
            repo.tag("v1").branch("other");
            Path bare = repo.cloneBare(tmp.resolve("bare.git"));
            try (Git git = Git.open(bare.toFile())) {
                assertThat(git.getRepository().isBare()).isTrue();
                assertThat(git.getRepository().resolve("refs/tags/v1").name()).isEqualTo(sha);
                assertThat(git.getRepository().resolve("refs/heads/other").name())
                        .isEqualTo(sha);
            }
        }
    }

    @Test
    void headWithoutCommitsFails() {
        try (TestRepo repo = TestRepo.init(tmp)) {
            assertThatThrownBy(repo::head).hasMessageContaining("no commit");
        }
    }

    @Test
    void pathsOutsideTheWorkTreeAreRejected() {
        try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
            assertThatThrownBy(() -> repo.file("../escape", "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<String> paths(Repository repo, String sha) throws Exception {
        List<String> out = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(repo.parseCommit(repo.resolve(sha)).getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                out.add(walk.getPathString());
            }
        }
        assertThat(repo.resolve(Constants.HEAD)).isNotNull();
        return out;
    }
}
