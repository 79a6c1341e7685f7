package dev.slipway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import picocli.CommandLine.Command;

/**
 * {@code slipway selftest}: runs a small workflow in a temporary repository and reports whether it passed. The launcher
 * also uses it as the training run that records the JVM's AOT cache.
 */
@Command(
        name = "selftest",
        mixinStandardHelpOptions = true,
        description = "Run a small workflow in a temporary repository to check this installation.")
final class SelfTestCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(
            names = "--containers",
            description = "Also try a container job (image from SLIPWAY_SELFTEST_IMAGE, default"
                    + " localhost/slipway/busybox:latest); its result is reported but does not change the exit code.")
    boolean containers;

    @picocli.CommandLine.Option(
            names = "--server",
            description = "Also start a server on a free port of 127.0.0.1 with a temporary data directory, push the"
                    + " workflow to it and wait for its run; the launcher's AOT training run uses it so that"
                    + " `slipway server` starts fast. Its result is reported but does not change the exit code.")
    boolean server;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("slipway-selftest");
        try {
            Files.createDirectories(dir.resolve(".github/workflows"));
            Files.writeString(dir.resolve(".github/workflows/selftest.yml"), """
                    name: selftest
                    on: push
                    jobs:
                      check:
                        runs-on: ubuntu-latest
                        strategy:
                          matrix:
                            n: [1, 2]
                        steps:
                          - id: s
                            run: echo "n=${{ matrix.n }}" >> "$GITHUB_OUTPUT"
                          - if: ${{ steps.s.outputs.n != '' && success() }}
                            run: echo "::notice::step ${{ steps.s.outputs.n }} ok"
                    """);
            try (Git git = Git.init()
                    .setDirectory(dir.toFile())
                    .setInitialBranch("main")
                    .call()) {
                git.add().addFilepattern(".").call();
                git.commit()
                        .setMessage("selftest")
                        .setAuthor("slipway", "selftest@slipway.invalid")
                        .setCommitter("slipway", "selftest@slipway.invalid")
                        .setSign(false)
                        .call();
            }
            int host = Main.execute("run", "-C", dir.toString(), "--color", "never", "selftest.yml");
            if (containers) {
                String image = java.util.Objects.requireNonNullElse(
                        System.getenv("SLIPWAY_SELFTEST_IMAGE"), "localhost/slipway/busybox:latest");
                Main.execute(
                        "run",
                        "-C",
                        dir.toString(),
                        "--color",
                        "never",
                        "-P",
                        "ubuntu-latest=docker://" + image,
                        "selftest.yml");
            }
            if (server) {
                System.out.println("selftest: server run " + ServerSelfTest.run(dir));
            }
            return host;
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
