package dev.slipway.server.agents;

import dev.slipway.agent.JobSetup;
import dev.slipway.protocol.Assignment;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The embedded agent's job setup: the server's own bare repositories and artifact and cache stores. */
final class EmbeddedSetup implements JobSetup {
    private final RuntimeOptions runtime;
    private final Path repositories;

    /** @param repositories the root of the bare repositories, {@code <root>/<owner>/<name>.git} */
    EmbeddedSetup(RuntimeOptions runtime, Path repositories) {
        this.runtime = runtime;
        this.repositories = repositories;
    }

    @Override
    public RuntimeOptions runtime(Assignment job) {
        return runtime;
    }

    @Override
    public Path repository(Assignment job) throws IOException {
        var slash = job.repository().indexOf('/');
        var dir = repositories
                .resolve(job.repository().substring(0, slash))
                .resolve(job.repository().substring(slash + 1) + ".git");
        if (!Files.isDirectory(dir)) {
            throw new IOException("no repository at " + dir);
        }
        return dir;
    }
}
