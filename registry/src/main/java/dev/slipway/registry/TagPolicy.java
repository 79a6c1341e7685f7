package dev.slipway.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/** Which tags may move once set: immutable tags may be pushed again only with the same digest and never deleted. */
@FunctionalInterface
public interface TagPolicy {
    /**
     * Whether {@code tag} in {@code repository} is immutable.
     *
     * @return why, when it is: a phrase such as {@code it matches v.*}, which the registry's refusal puts in parentheses
     *     after "tag T in R is immutable" (so the reason need not name the tag or say "immutable" again); empty when the
     *     tag may move
     */
    Optional<String> immutable(String repository, String tag);

    /** Every tag may move. */
    static TagPolicy mutable() {
        return (repository, tag) -> Optional.empty();
    }

    /** Tags matching {@code pattern} (whole match, e.g. {@code v.*}) are immutable in every repository. */
    static TagPolicy immutableMatching(Pattern pattern) {
        return (repository, tag) ->
                pattern.matcher(tag).matches() ? Optional.of("it matches " + pattern.pattern()) : Optional.empty();
    }
}
