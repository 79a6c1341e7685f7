package dev.slipway.server.runs;

import dev.slipway.server.pulls.Rules;
import dev.slipway.server.store.Database;

/** Whether a run's ref is protected ({@code github.ref_protected}): a branch a protection rule covers. */
final class RefProtection {
    private static final String BRANCHES = "refs/heads/";

    private RefProtection() {}

    static boolean of(Database db, long repoId, String ref) {
        return ref.startsWith(BRANCHES)
                && Rules.forBranch(db.protections().list(repoId), ref.substring(BRANCHES.length()))
                        .isPresent();
    }
}
