package dev.slipway.server;

import dev.slipway.testing.GitCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * alice's private repository {@code shop} as the contents and archive tests read it, pushed with the real {@code git}:
 * a first commit, then what the test writes into the work tree committed and tagged {@code v1.0}, then {@code
 * later.txt} on {@code main} only.
 */
record TaggedShop(Path work, GitCli git, String tagged) {
    /** Writes files, links and index entries into the work tree before the tagged commit. */
    interface Additions {
        void write(Path work, GitCli git) throws IOException;
    }

    static TaggedShop push(TestServer server, String token, Path dir, Additions additions, String... first)
            throws IOException {
        var work = dir.resolve("work");
        server.pushNewPrivateRepository("alice", token, "shop", work, first);
        var git = new GitCli(dir.resolve("home"));
        additions.write(work, git);
        var tagged = git.commit(work, "tagged");
        git.run(work, "tag", "v1.0").ok();
        git.commit(work, "later", "later.txt", "later\n");
        git.run(work, "push", "-q", server.cloneUrl("alice/shop", Optional.of(token)), "main", "v1.0")
                .ok();
        return new TaggedShop(work, git, tagged);
    }
}
