package dev.slipway.git;

/** A workflow definition found at a commit: its path (e.g. {@code .github/workflows/ci.yml}), blob id and text. */
public record WorkflowFile(String path, String sha, String content) {
    /** The file name, e.g. {@code ci.yml}. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
