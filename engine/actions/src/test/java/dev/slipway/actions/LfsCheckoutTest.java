package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code actions/checkout} with {@code lfs: true}, on a repository the real {@code git lfs} made (its pointers and
 * store), the result read by it ({@code git lfs ls-files}, {@code git status} through its clean filter).
 */
class LfsCheckoutTest {
    @TempDir
    Path tmp;

    GitCli git;
    Path dev;
    Path workspace;
    Calls calls;
    byte[] image;

    @BeforeEach
    void setUp() throws Exception {
        git = new GitCli(tmp.resolve("home"));
        git.run(tmp, "lfs", "install").ok(); // the filter in this test's own global config, as a developer has it
        dev = git.init(tmp.resolve("dev"));
        git.run(dev, "lfs", "track", "*.bin").ok();
        image = new byte[300_000];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31 + i / 7);
        }
        Files.createDirectories(dev.resolve("assets"));
        Files.write(dev.resolve("assets/model.bin"), image);
        git.commit(dev, "model", "README.md", "readme\n");
        workspace = tmp.resolve("ws");
        calls = new Calls(workspace, dev);
        calls.env.put("GITHUB_SHA", git.run(dev, "rev-parse", "HEAD").ok().out().strip());
    }

    @Test
    void withoutLfsThePointerStaysAsGitHubLeavesIt() throws Exception {
        BuiltinResult result = new Checkout().main(calls.call(Map.of()));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(Files.readString(workspace.resolve("assets/model.bin")))
                .startsWith("version https://git-lfs.github.com/spec/v1\noid sha256:");
    }

    @Test
    void lfsTrueWritesTheFilesFromTheSourcesStore() throws Exception {
        BuiltinResult result = new Checkout().main(calls.call(Map.of("lfs", "true")));

        assertThat(result.success()).as(result.error().orElse("")).isTrue();
        assertThat(workspace.resolve("assets/model.bin")).hasBinaryContent(image);
        assertThat(workspace.resolve("README.md")).hasContent("readme\n");
        assertThat(calls.log).contains("lfs: 1 Git LFS files checked out");
        // git-lfs sees the file checked out ("*", not "-" for a pointer) and nothing modified
        assertThat(git.run(workspace, "lfs", "ls-files").ok().out())
                .containsPattern("[0-9a-f]{10} \\* assets/model.bin");
        assertThat(git.run(workspace, "status", "--porcelain").ok().out()).isBlank();
        git.run(workspace, "lfs", "fsck").ok();
    }

    @Test
    void anObjectTheSourcesStoreLacksFailsNamingTheFile() throws Exception {
        try (var objects = Files.walk(dev.resolve(".git/lfs/objects"))) {
            for (Path p : objects.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }

        BuiltinResult result = new Checkout().main(calls.call(Map.of("lfs", "true")));

        assertThat(result.success()).isFalse();
        assertThat(result.error())
                .get()
                .asString()
                .startsWith("lfs: 1 of 1 Git LFS files are not in " + dev.resolve(".git/lfs/objects")
                        + ": assets/model.bin (sha256:")
                .endsWith(", 300000 bytes). Run 'git lfs fetch' (or 'git lfs pull') in " + dev);
    }

    @Test
    void pointersAreRecognisedByTheSpecificationsGrammar() {
        String oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
        assertThat(LfsFiles.parse("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 12345\n"))
                .hasValueSatisfying(p -> {
                    assertThat(p.oid()).isEqualTo(oid);
                    assertThat(p.size()).isEqualTo(12345);
                });
        // extension lines are allowed before the oid
        assertThat(LfsFiles.parse("version https://git-lfs.github.com/spec/v1\next-0-foo sha256:" + oid
                        + "\noid sha256:" + oid + "\nsize 1\n"))
                .isPresent();
        assertThat(LfsFiles.parse("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 1"))
                .isEmpty(); // no final newline
        assertThat(LfsFiles.parse("oid sha256:" + oid + "\nsize 1\n")).isEmpty();
        assertThat(LfsFiles.parse("version https://git-lfs.github.com/spec/v1\noid md5:abc\nsize 1\n"))
                .isEmpty();
    }
}
