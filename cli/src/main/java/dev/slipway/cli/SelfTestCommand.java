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

    @picocli.CommandLine.Option(
            names = "--jobs",
            paramLabel = "N",
            description = "Also run a workflow of about N jobs (independent jobs with outputs, a matrix, a job that"
                    + " needs them all); the launcher's AOT training run uses it so that the JIT compiler, told by the"
                    + " cache, compiles the library code every job calls at its first call. Its result is reported but"
                    + " does not change the exit code.")
    int jobs;

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
            if (jobs > 0) {
                Files.writeString(dir.resolve(".github/workflows/wide.yml"), wideWorkflow(jobs));
            }
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
            if (jobs > 0) {
                int wide = Main.execute("run", "-C", dir.toString(), "--color", "never", "wide.yml");
                System.out.println("selftest: " + jobs + " jobs " + (wide == 0 ? "succeeded" : "failed"));
            }
            if (server) {
                System.out.println("selftest: server run " + ServerSelfTest.run(dir));
            }
            return host;
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * A workflow of {@code n} jobs (at least 3): half of them independent, each with a step output and a job output; a
     * matrix job of the other half's combinations; and one job that needs all of them and reads an
     * output of one.
     */
    static String wideWorkflow(int n) {
        int independent = Math.max(1, n / 2);
        int combos = Math.max(1, n - independent - 1);
        StringBuilder y = new StringBuilder("name: wide\non: push\nenv:\n  LEVEL: workflow\njobs:\n");
        StringBuilder needs = new StringBuilder("[m");
        for (int i = 1; i <= independent; i++) {
            y.append("  w")
                    .append(i)
                    .append(":\n")
                    .append("    runs-on: ubuntu-latest\n")
                    .append("    outputs:\n      v: ${{ steps.s.outputs.v }}\n")
                    .append("    steps:\n")
                    .append("      - id: s\n")
                    .append("        run: echo \"v=")
                    .append(i)
                    .append("-$LEVEL\" >> \"$GITHUB_OUTPUT\"\n");
            needs.append(", w").append(i);
        }
        y.append("  m:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        n: [");
        for (int i = 1; i <= combos; i++) {
            y.append(i == 1 ? "" : ", ").append(i);
        }
        y.append("]\n    steps:\n      - run: test \"${{ matrix.n }}\" -gt 0\n");
        y.append("  all:\n    runs-on: ubuntu-latest\n    needs: ")
                .append(needs)
                .append("]\n")
                .append("    steps:\n      - run: test \"${{ needs.w1.outputs.v }}\" = 1-workflow\n");
        return y.toString();
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
