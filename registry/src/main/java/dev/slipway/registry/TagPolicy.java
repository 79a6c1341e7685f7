package dev.slipway.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/** Which tags may move once set: immutable tags may be pushed again only with the same digest and never deleted. */
@FunctionalInterface
public interface TagPolicy {
    /**
     * Whether {@code tag} in {@code repository} is immutable.
     *
     * @return a reason shown to the client when it is, empty when the tag may move
     */
    Optional<String> immutable(String repository, String tag);

    /** Every tag may move. */
    static TagPolicy mutable() {
        return (repository, tag) -> Optional.empty();
    }

    /** Tags matching {@code pattern} (whole match, e.g. {@code v.*}) are immutable in every repository. */
    static TagPolicy immutableMatching(Pattern pattern) {
        return (repository, tag) -> pattern.matcher(tag).matches()
                ? Optional.of("tags matching " + pattern.pattern() + " are immutable")
                : Optional.empty();
    }
}
