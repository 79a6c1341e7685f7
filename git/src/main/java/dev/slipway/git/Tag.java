package dev.slipway.git;

import java.util.Optional;

/**
 * A tag: {@code sha} is what the ref points at (the tag object for annotated tags), {@code target} the object it
 * finally names (usually a commit). Annotated tags carry a message and a tagger.
 */
public record Tag(String name, String sha, String target, Optional<String> message, Optional<Person> tagger) {
    /** Whether git allows {@code name} (short, without {@code refs/tags/}) as a tag's name. */
    public static boolean validName(String name) {
        return !name.startsWith("refs/")
                && org.eclipse.jgit.lib.Repository.isValidRefName(org.eclipse.jgit.lib.Constants.R_TAGS + name);
    }

    /** Whether this is an annotated tag. */
    public boolean annotated() {
        return message.isPresent();
    }
}
