package dev.slipway.git;

import java.util.OptionalLong;

/** An entry of a tree listing; {@code size} is known for blobs only, {@code mode} is git's octal mode. */
public record TreeEntry(String name, String path, Type type, String mode, OptionalLong size, String sha) {
    /** What the entry is. */
    public enum Type {
        FILE,
        EXECUTABLE,
        SYMLINK,
        DIRECTORY,
        SUBMODULE
    }
}
