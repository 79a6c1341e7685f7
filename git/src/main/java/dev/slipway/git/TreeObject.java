package dev.slipway.git;

import java.util.List;

/** A git tree read by its id: the id and its entries (with its subtrees' when read recursively). */
public record TreeObject(String sha, List<TreeEntry> entries) {
    public TreeObject {
        entries = List.copyOf(entries);
    }
}
