package dev.slipway.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDirsTest {
    @TempDir
    Path tmp;

    /** Writes what a job leaves behind: its workspace content, the runtime's files and a file of a step in temp. */
    private static void useLikeAJob(Path dir, String secret) throws IOException {
        Path ws = JobDirs.workspace(dir, "app");
        Path temp = JobDirs.temp(dir);
        Files.writeString(ws.resolve("build.log"), secret);
        Files.createDirectories(ws.resolve("src/main"));
        Files.createDirectories(temp.resolve("_runner_file_commands"));
        Files.writeString(temp.resolve("_runner_file_commands/set_env"), "A=" + secret);
        Files.writeString(temp.resolve("_runner_file_commands/extra"), secret);
        Files.createDirectories(temp.resolve("_github_workflow"));
        Files.writeString(temp.resolve("_github_workflow/event.json"), "{\"s\":\"" + secret + "\"}");
        Files.writeString(temp.resolve("script-1.sh"), "echo " + secret);
        Files.writeString(temp.resolve("step-made.txt"), secret);
        Files.createDirectories(temp.resolve("cache/deep"));
        Files.writeString(dir.resolve("work/notes"), secret);
    }

    /** Takes a directory from {@code dirs}, uses it like a job and gives it back. */
    private static Path usedAndGivenBack(JobDirs dirs) throws IOException {
        Path dir = dirs.take();
        useLikeAJob(dir, "x");
        dirs.give(dir);
        return dir;
    }

    private static Object inode(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    @Test
    void aFinishedJobsDirectoryIsEmptiedAndReusedWithTheRuntimesFilesKeptEmpty() throws IOException {
        JobDirs dirs = JobDirs.recycling(tmp.resolve("jobs"));
        Path first = dirs.take();
        useLikeAJob(first, "s3cret");
        Path script = first.resolve("temp/script-1.sh");
        Object scriptInode = inode(script);
        Object envInode = inode(first.resolve("temp/_runner_file_commands/set_env"));

        dirs.give(first);
        Path second = dirs.take();

        assertThat(second).isEqualTo(first);
        assertThat(JobDirs.workspace(second, "app")).isEmptyDirectory();
        Path event = second.resolve("temp/_github_workflow/event.json");
        try (var files = Files.walk(second)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.equals(event)))
                    .allSatisfy(f -> assertThat(f).isEmptyFile());
        }
        // the event payload is left for the next job to write its own over (JobRunner does, before any step)
        assertThat(event).isRegularFile();
        assertThat(second.resolve("temp/step-made.txt")).doesNotExist();
        assertThat(second.resolve("temp/cache")).doesNotExist();
        assertThat(second.resolve("temp/_runner_file_commands/extra")).doesNotExist();
        assertThat(second.resolve("work/notes")).doesNotExist();
        // the same inodes: nothing was deleted and created again
        assertThat(inode(script)).isEqualTo(scriptInode);
        assertThat(inode(second.resolve("temp/_runner_file_commands/set_env"))).isEqualTo(envInode);
    }

    @Test
    void scriptsTheLastJobDidNotWriteAreDeletedSoTheyDoNotPileUp() throws IOException {
        JobDirs dirs = JobDirs.recycling(tmp.resolve("jobs"));
        Path dir = dirs.take();
        Path temp = JobDirs.temp(dir);
        // a job of three steps, then a job of one step in the same directory
        for (int i = 1; i <= 3; i++) {
            Files.writeString(temp.resolve("script-" + i + ".sh"), "echo " + i);
        }
        dirs.give(dir);
        assertThat(dirs.take()).isEqualTo(dir);
        Object first = inode(temp.resolve("script-1.sh"));
        Files.writeString(temp.resolve("script-1.sh"), "echo again");
        dirs.give(dir);

        assertThat(dirs.take()).isEqualTo(dir);
        // the one the last job wrote is kept (emptied, same inode); the two it left alone are gone
        assertThat(temp.resolve("script-1.sh")).isEmptyFile();
        assertThat(inode(temp.resolve("script-1.sh"))).isEqualTo(first);
        assertThat(temp.resolve("script-2.sh")).doesNotExist();
        assertThat(temp.resolve("script-3.sh")).doesNotExist();

        // recycled again with no job in between (the next run adopting it): nothing more goes
        JobDirs.adopting(tmp.resolve("jobs"));
        assertThat(inode(temp.resolve("script-1.sh"))).isEqualTo(first);
    }

    @Test
    void jobsRunningAtTheSameTimeGetDifferentDirectories() throws IOException {
        JobDirs dirs = JobDirs.recycling(tmp.resolve("jobs"));
        JobDirs other = JobDirs.recycling(tmp.resolve("jobs"));
        Path a = dirs.take();
        Path b = dirs.take();
        Path c = other.take();
        assertThat(a).isNotEqualTo(b);
        assertThat(c).isNotIn(a, b);
        dirs.give(a);
        assertThat(dirs.take()).isEqualTo(a);
    }

    @Test
    void aJobOfAnotherRepositoryDoesNotSeeTheFormerWorkspaceName() throws IOException {
        JobDirs dirs = JobDirs.recycling(tmp.resolve("jobs"));
        Path dir = usedAndGivenBack(dirs);

        Path ws = JobDirs.workspace(dirs.take(), "other");

        assertThat(ws).isEqualTo(dir.resolve("work/other/other")).isEmptyDirectory();
        assertThat(dir.resolve("work/app")).doesNotExist();
    }

    @Test
    void aHardLinkedScriptIsDeletedNotEmptiedSoTheNextJobCannotWriteThroughIt() throws IOException {
        JobDirs dirs = JobDirs.recycling(tmp.resolve("jobs"));
        Path dir = dirs.take();
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep me", StandardCharsets.UTF_8);
        Path temp = JobDirs.temp(dir);
        Files.createLink(temp.resolve("script-1.sh"), outside);
        Files.createSymbolicLink(temp.resolve("script-2.sh"), outside);

        dirs.give(dir);

        assertThat(temp.resolve("script-1.sh")).doesNotExist();
        assertThat(temp.resolve("script-2.sh")).doesNotExist();
        assertThat(outside).hasContent("keep me");
    }

    @Test
    void removeFreeDeletesTheDirectoriesNoJobUses() throws IOException {
        JobDirs dirs = JobDirs.recycling(tmp.resolve("jobs"));
        Path busy = dirs.take();
        Path free = usedAndGivenBack(dirs);

        dirs.removeFree();

        assertThat(free).doesNotExist();
        assertThat(busy).isDirectory();
    }

    @Test
    void keptDirectoriesAreNeitherEmptiedNorReused() throws IOException {
        JobDirs dirs = JobDirs.kept(tmp.resolve("jobs"));
        Path dir = usedAndGivenBack(dirs);

        assertThat(dirs.take()).isNotEqualTo(dir);
        assertThat(dir.resolve("temp/step-made.txt")).hasContent("x");
    }

    @Test
    void adoptingTakesOverTheNumberedDirectoriesAnEarlierUserLeftEmptiedAndNumbersNewOnesAfterThem()
            throws IOException {
        Path root = tmp.resolve("slot");
        JobDirs earlier = JobDirs.recycling(root);
        Path one = earlier.take();
        Path two = earlier.take();
        useLikeAJob(one, "left-by-a-crash"); // never given back
        useLikeAJob(two, "x");
        earlier.give(two);
        Object scriptInode = inode(two.resolve("temp/script-1.sh"));
        Files.createDirectories(root.resolve("not-a-job-dir"));

        JobDirs later = JobDirs.adopting(root);
        Path a = later.take();
        Path b = later.take();
        Path c = later.take();

        assertThat(java.util.List.of(a, b)).containsExactly(one, two);
        assertThat(c).isEqualTo(root.resolve("3"));
        assertThat(JobDirs.workspace(one, "app")).isEmptyDirectory();
        Path event = one.resolve("temp/_github_workflow/event.json");
        try (var files = Files.walk(one)) {
            assertThat(files.filter(Files::isRegularFile)
                            .filter(f -> !f.equals(event))
                            .map(f -> {
                                try {
                                    return Files.readString(f);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }))
                    .allMatch(String::isEmpty);
        }
        assertThat(inode(two.resolve("temp/script-1.sh"))).isEqualTo(scriptInode);
        assertThat(root.resolve("not-a-job-dir")).isDirectory();
        assertThat(JobDirs.adopting(tmp.resolve("nothing-there")).take()).isEqualTo(tmp.resolve("nothing-there/1"));
    }

    @Test
    void adoptingEmptiesADirectoryOnlyWhenAJobTakesIt() throws IOException {
        Path root = tmp.resolve("slot");
        JobDirs earlier = JobDirs.recycling(root);
        Path one = earlier.take();
        Path two = earlier.take();
        useLikeAJob(one, "first");
        useLikeAJob(two, "second");

        JobDirs later = JobDirs.adopting(root);
        // nothing emptied yet: a run of one job empties one directory, not all the runs before it made
        assertThat(one.resolve("temp/step-made.txt")).hasContent("first");
        assertThat(two.resolve("temp/step-made.txt")).hasContent("second");

        assertThat(later.take()).isEqualTo(one);
        assertThat(JobDirs.workspace(one, "app")).isEmptyDirectory();
        assertThat(one.resolve("temp/step-made.txt")).doesNotExist();
        assertThat(two.resolve("temp/step-made.txt")).hasContent("second");

        // the adopted directories a run did not take are removed with the free ones
        later.removeFree();
        assertThat(two).doesNotExist();
        assertThat(one).isDirectory();
    }
}
