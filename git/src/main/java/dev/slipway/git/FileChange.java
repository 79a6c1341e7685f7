package dev.slipway.git;

import java.util.Optional;

/** A path changed between two trees; {@code oldPath} is set for renames only. */
public record FileChange(Type type, String path, Optional<String> oldPath) {
    /** How the path changed. */
    public enum Type {
        ADDED,
        MODIFIED,
        REMOVED,
        RENAMED
    }
}
