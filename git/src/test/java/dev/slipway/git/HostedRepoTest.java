package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One repository built once; tests only read it (or restore what they change). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostedRepoTest {
    String first;
    String second;
    String third;
    HostedRepo repo;

    @BeforeAll
    void setUp(@TempDir Path tmp) {
        repo = Hosted.build(tmp, work -> {
            first = work.file("README.md", "# Hello\n")
                    .file("src/a.txt", "a\n")
                    .file(".github/workflows/ci.yml", "name: ci\n")
                    .file(".github/workflows/lint.yaml", "name: lint\n")
                    .file(".github/workflows/notes.txt", "not a workflow\n")
                    .file(".github/workflows/nested/deep.yml", "name: deep\n")
                    .commit("first\n\nwith a body");
            work.tag("v1");
            second = work.file("src/a.txt", "a\nb\nc\n")
                    .file("bin.dat", new byte[] {1, 0, 2, 3})
                    .executable("run.sh", "#!/bin/sh\n")
                    .file(".slipway/workflows/ci.yml", "name: slipway ci\n")
                    .file("docs/readme.rst", "Docs\n")
                    .commit("second");
            third = work.delete("src/a.txt")
                    .file("src/b.txt", "a\nb\nc\n")
                    .delete("bin.dat")
                    .commit("third: rename a to b");
            work.annotatedTag("v2", "release two");
            work.branch("long").checkout("long");
            for (int i = 1; i <= 25; i++) {
                work.commit("long " + i);
            }
            work.checkout("main");
        });
    }

    @AfterAll
    void tearDown() {
        repo.close();
    }

    @Test
    void branchesCarryTheirTipCommit() {
        List<Branch> branches = repo.branches();

        assertThat(branches).extracting(Branch::name).containsExactly("long", "main");
        Branch main = branches.get(1);
        assertThat(main.sha()).isEqualTo(third);
        assertThat(main.subject()).isEqualTo("third: rename a to b");
        assertThat(main.committed().toInstant()).isEqualTo(TestRepo.EPOCH.plusSeconds(120));
        assertThat(repo.defaultBranch()).isEqualTo("main");
        assertThat(repo.isEmpty()).isFalse();
    }

    @Test
    void tagsTellLightweightFromAnnotated() {
        List<Tag> tags = repo.tags();

        assertThat(tags).extracting(Tag::name).containsExactly("v1", "v2");
        assertThat(tags.get(0)).isEqualTo(new Tag("v1", first, first, Optional.empty(), Optional.empty()));
        Tag v2 = tags.get(1);
        assertThat(v2.annotated()).isTrue();
        assertThat(v2.sha()).isNotEqualTo(third);
        assertThat(v2.target()).isEqualTo(third);
        assertThat(v2.message()).contains("release two");
        assertThat(v2.tagger()).map(Person::name).contains(TestRepo.AUTHOR);
    }

    @Test
    void defaultBranchCanBeMovedToAnExistingBranchOnly() {
        try {
            repo.setDefaultBranch("long");
            assertThat(repo.defaultBranch()).isEqualTo("long");

            assertThatThrownBy(() -> repo.setDefaultBranch("nope"))
                    .isInstanceOfSatisfying(
                            GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.NOT_FOUND));
            assertThat(repo.defaultBranch()).isEqualTo("long");
        } finally {
            repo.setDefaultBranch("main");
        }
    }

    @Test
    void logPagesNewestFirst() {
        LogPage page1 = repo.log("long", 0, 10);
        LogPage page3 = repo.log("long", 20, 10);

        assertThat(page1.hasMore()).isTrue();
        assertThat(page1.commits()).extracting(Commit::subject).startsWith("long 25", "long 24");
        assertThat(page3.hasMore()).isFalse();
        assertThat(page3.commits())
                .extracting(Commit::subject)
                .containsExactly(
                        "long 5", "long 4", "long 3", "long 2", "long 1", "third: rename a to b", "second", "first");
        Commit root = page3.commits().getLast();
        assertThat(root.parents()).isEmpty();
        assertThat(root.message()).isEqualTo("first\n\nwith a body");
        assertThat(root.author()).isEqualTo(root.committer());
        assertThat(root.author().email()).isEqualTo(TestRepo.EMAIL);
        assertThat(page3.commits().get(5).parents()).containsExactly(second);
        assertThat(repo.log("long", 28, 10)).isEqualTo(new LogPage(List.of(), false));
        assertThat(repo.log("main", 0, 3))
                .isEqualTo(new LogPage(repo.log("main", 0, 3).commits(), false));
    }

    @Test
    void unknownRevisionsAreAbsentAndMalformedOnesRefused() {
        assertThat(repo.resolve("main")).contains(third);
        assertThat(repo.resolve(third.substring(0, 10))).contains(third);
        assertThat(repo.resolve("v2")).contains(third);
        assertThat(repo.resolve("nope")).isEmpty();
        assertThat(repo.log("nope", 0, 5).commits()).isEmpty();
        assertThat(repo.commit("nope")).isEmpty();
        assertThatThrownBy(() -> repo.resolve("--upload-pack=x"))
                .isInstanceOfSatisfying(
                        GitException.class, e -> assertThat(e.kind()).isEqualTo(GitException.Kind.INVALID_REF));
    }

    @Test
    void commitDetailListsChangesWithLineStats() {
        CommitDetail detail = repo.commit(second).orElseThrow();

        assertThat(detail.commit().sha()).isEqualTo(second);
        assertThat(detail.files())
                .containsExactlyInAnyOrder(
                        new FileDiff(added(".slipway/workflows/ci.yml"), 1, 0, false),
                        new FileDiff(added("bin.dat"), 0, 0, true),
                        new FileDiff(added("docs/readme.rst"), 1, 0, false),
                        new FileDiff(added("run.sh"), 1, 0, false),
                        new FileDiff(
                                new FileChange(FileChange.Type.MODIFIED, "src/a.txt", Optional.empty()), 2, 0, false));
        assertThat(detail.additions()).isEqualTo(5);
        assertThat(detail.deletions()).isZero();

        CommitDetail renamed = repo.commit(third).orElseThrow();
        assertThat(renamed.files())
                .extracting(FileDiff::change)
                .containsExactlyInAnyOrder(
                        new FileChange(FileChange.Type.RENAMED, "src/b.txt", Optional.of("src/a.txt")),
                        new FileChange(FileChange.Type.REMOVED, "bin.dat", Optional.empty()));
        assertThat(repo.commit(first).orElseThrow().files()).hasSize(6);
    }

    @Test
    void changedFilesBetweenCommitsAndFromNothing() {
        assertThat(repo.changedFiles(first, third))
                .containsExactlyInAnyOrder(
                        added(".slipway/workflows/ci.yml"),
                        added("docs/readme.rst"),
                        added("run.sh"),
                        added("src/b.txt"), // too different from a.txt to count as a rename
                        new FileChange(FileChange.Type.REMOVED, "src/a.txt", Optional.empty()));
        assertThat(repo.changedFiles(second, third))
                .contains(new FileChange(FileChange.Type.RENAMED, "src/b.txt", Optional.of("src/a.txt")));
        assertThat(repo.changedFiles(RefChange.ZERO, first))
                .hasSize(6)
                .allMatch(c -> c.type() == FileChange.Type.ADDED);
        assertThat(repo.changedFiles(third, third)).isEmpty();
    }

    @Test
    void treeListsDirectoriesFirstWithModesSizesAndIds() {
        List<TreeEntry> root = repo.tree(second, "").orElseThrow();

        assertThat(root)
                .extracting(TreeEntry::name)
                .containsExactly(".github", ".slipway", "docs", "src", "README.md", "bin.dat", "run.sh");
        TreeEntry run = root.get(6);
        assertThat(run.type()).isEqualTo(TreeEntry.Type.EXECUTABLE);
        assertThat(run.mode()).isEqualTo("100755");
        assertThat(run.size()).isEqualTo(OptionalLong.of(10));
        assertThat(root.get(0).mode()).isEqualTo("040000");
        assertThat(root.get(0).size()).isEmpty();
        assertThat(repo.tree(second, "src/").orElseThrow())
                .containsExactly(new TreeEntry(
                        "a.txt",
                        "src/a.txt",
                        TreeEntry.Type.FILE,
                        "100644",
                        OptionalLong.of(6),
                        repo.blob(second, "src/a.txt", 100).orElseThrow().sha()));
        assertThat(repo.tree(second, "README.md")).isEmpty();
        assertThat(repo.tree(second, "missing")).isEmpty();
        assertThatThrownBy(() -> repo.tree(second, "src/../..")).isInstanceOf(GitException.class);
    }

    @Test
    void blobsDetectBinaryAndHonourTheLimit() {
        Blob bin = repo.blob(second, "bin.dat", 100).orElseThrow();
        assertThat(bin.binary()).isTrue();
        assertThat(bin.text()).isEmpty();
        assertThat(bin.bytes()).containsExactly(1, 0, 2, 3);

        Blob cut = repo.blob(second, "src/a.txt", 2).orElseThrow();
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.size()).isEqualTo(6);
        assertThat(cut.text()).contains("a\n");
        assertThat(repo.blob(second, "src", 100)).isEmpty();
        assertThat(repo.blob(first, "bin.dat", 100)).isEmpty();
    }

    @Test
    void readmePrefersReadmeMdAndFindsOtherSpellings() {
        assertThat(repo.readme("main", "").orElseThrow().text()).contains("# Hello\n");
        Blob docs = repo.readme("main", "docs").orElseThrow();
        assertThat(docs.path()).isEqualTo("docs/readme.rst");
        assertThat(repo.readme("main", "src")).isEmpty();
    }

    @Test
    void fileAtReadsTheFileAsOfTheCommit() {
        assertThat(repo.fileAt(first, "src/a.txt")).contains("a\n");
        assertThat(repo.fileAt(second, "src/a.txt")).contains("a\nb\nc\n");
        assertThat(repo.fileAt(third, "src/a.txt")).isEmpty();
    }

    @Test
    void workflowFilesAreTheYamlFilesOfBothDirectoriesWithSlipwayWinning() {
        assertThat(repo.listWorkflowFiles(first))
                .extracting(WorkflowFile::path, WorkflowFile::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(".github/workflows/ci.yml", "name: ci\n"),
                        org.assertj.core.groups.Tuple.tuple(".github/workflows/lint.yaml", "name: lint\n"));
        assertThat(repo.listWorkflowFiles(second))
                .extracting(WorkflowFile::path, WorkflowFile::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(".slipway/workflows/ci.yml", "name: slipway ci\n"),
                        org.assertj.core.groups.Tuple.tuple(".github/workflows/lint.yaml", "name: lint\n"));
        assertThat(repo.listWorkflowFiles(second).getFirst().fileName()).isEqualTo("ci.yml");
    }

    private static FileChange added(String path) {
        return new FileChange(FileChange.Type.ADDED, path, Optional.empty());
    }
}
