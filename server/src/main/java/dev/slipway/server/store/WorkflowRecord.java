package dev.slipway.server.store;

import java.time.Instant;

/**
 * A workflow file of a repository as the REST API numbers it.
 *
 * @param path the file's path in the repository ({@code .github/workflows/ci.yml})
 * @param state GitHub's {@code active} or {@code disabled_manually}
 */
public record WorkflowRecord(long id, long repoId, String path, String state, Instant created, Instant updated) {
    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled_manually";

    /** Whether events and dispatches start runs of it. */
    public boolean active() {
        return ACTIVE.equals(state);
    }

    /** The file's name, as GitHub's API and badges name a workflow ({@code ci.yml}). */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether {@code wanted} names it: its path, or its file's name, as the API and badges accept. */
    public boolean isNamed(String wanted) {
        return path.equals(wanted) || fileName().equals(wanted);
    }
}
