package dev.slipway.git;

import dev.slipway.testing.TestRepo;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Hosted repositories for tests: {@code alice/demo} under {@code tmp}, made of the commits a {@link TestRepo} builds. */
final class Hosted {
    private Hosted() {}

    static HostedRepo build(Path tmp, Consumer<TestRepo> commits) {
        Repositories repos = Repositories.at(tmp.resolve("root"));
        try (TestRepo work = TestRepo.init(tmp.resolve("work"))) {
            commits.accept(work);
            work.cloneBare(repos.dir(RepoName.of("alice", "demo")));
        }
        return repos.open("alice", "demo").orElseThrow();
    }
}
