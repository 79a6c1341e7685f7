package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutIT {
    @TempDir
    Path tmp;

    @Test
    void checksOutThreeThousandFilesIntoACleanWorkTree() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp.resolve("origin"))) {
            for (int i = 0; i < 3000; i++) {
                repo.file("many/d" + (i % 50) + "/f" + i + ".txt", "content " + i);
            }
            Calls calls = new Calls(Files.createDirectories(tmp.resolve("ws")), repo.dir());
            calls.env.put("GITHUB_SHA", repo.commit("many files"));
            long start = System.nanoTime();

            BuiltinResult result = new Checkout().main(calls.call(Map.of()));

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(result.success()).isTrue();
            assertThat(calls.workspace.resolve("many/d7/f2957.txt")).hasContent("content 2957");
            assertThat(millis).as("checkout took %d ms", millis).isLessThan(30_000);
            try (Git git = Git.open(calls.workspace.toFile())) {
                assertThat(git.status().call().isClean()).isTrue();
            }
        }
    }
}
