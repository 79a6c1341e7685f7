package dev.slipway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void deletesATreeWithoutFollowingLinksAndAMissingPathIsNoError() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "kept");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f.txt"), "x");
        Files.createSymbolicLink(dir.resolve("tree/link"), outside);

        FileTrees.deleteTree(dir.resolve("tree"));
        FileTrees.deleteTree(dir.resolve("missing"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("keep.txt")).hasContent("kept");
    }

    @Test
    void deletesALinkItselfAndTheChildrenOfADirectory() throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("t.txt"), "t");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        FileTrees.deleteTree(link);
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(target.resolve("t.txt")).exists();

        Files.createDirectories(target.resolve("sub/deeper"));
        FileTrees.deleteChildren(target);
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void ensureDirectoryCreatesMissingParentsKeepsAnExistingOneAndRefusesAFile() throws IOException {
        Path deep = dir.resolve("a/b/c");
        assertThat(FileTrees.ensureDirectory(deep)).isEqualTo(deep).isDirectory();
        Path marker = Files.writeString(deep.resolve("kept"), "x");
        assertThat(FileTrees.ensureDirectory(deep)).isEqualTo(deep);
        assertThat(marker).hasContent("x");
        Path file = Files.writeString(dir.resolve("file"), "y");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileTrees.ensureDirectory(file))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void overwriteReplacesTheWholeContentInTheSameFileCreatesAMissingOneAndRefusesALink() throws IOException {
        Path file = dir.resolve("event.json");
        FileTrees.overwrite(file, "a much longer first payload".getBytes(StandardCharsets.UTF_8));
        assertThat(file).hasContent("a much longer first payload");
        Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        FileTrees.overwrite(file, "short".getBytes(StandardCharsets.UTF_8));
        assertThat(file).hasContent("short");
        FileTrees.overwrite(file, "longer than short".getBytes(StandardCharsets.UTF_8));
        assertThat(file).hasContent("longer than short");
        FileTrees.overwrite(file, new byte[0]);
        assertThat(file).isEmptyFile();
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);

        Path target = Files.writeString(dir.resolve("elsewhere"), "untouched");
        Path link = Files.createSymbolicLink(dir.resolve("script-1.sh"), target);
        assertThatThrownBy(() -> FileTrees.overwrite(link, "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThat(target).hasContent("untouched");
    }

    @Test
    void childrenListsEveryEntryAndAPathForANameTheEncodingCannotRepresentStillNamesTheEntry() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("missing"));
        assertThat(FileTrees.children(dir))
                .containsExactlyInAnyOrder(dir.resolve("a.txt"), dir.resolve("sub"), dir.resolve("link"));
        assertThat(FileTrees.children(dir.resolve("sub/deeper"))).isEmpty();

        // a name made of bytes that are no valid UTF-8 (nor ASCII): created outside Java
        Process p = new ProcessBuilder("sh", "-c", "printf x > \"$1/caf$(printf '\\351')\"", "sh", dir.toString())
                .inheritIO()
                .start();
        assertThat(p.waitFor()).isZero();
        assertThat(FileTrees.children(dir))
                .hasSize(4)
                .allSatisfy(c ->
                        assertThat(Files.exists(c, LinkOption.NOFOLLOW_LINKS)).isTrue());
        FileTrees.deleteChildren(dir);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void childrenOfAFileOrAMissingPathIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "f");
        assertThatThrownBy(() -> FileTrees.children(file)).isInstanceOf(java.nio.file.NotDirectoryException.class);
        assertThatThrownBy(() -> FileTrees.children(dir.resolve("missing")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
