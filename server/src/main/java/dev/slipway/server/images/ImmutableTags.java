package dev.slipway.server.images;

import dev.slipway.common.UserError;
import dev.slipway.registry.TagPolicy;
import dev.slipway.server.store.Database;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Each repository's immutable tags, as glob patterns over the whole tag ({@code v*}, {@code release-?.*}): such a tag
 * may be pushed once, again only with the same digest, and never deleted.
 */
public final class ImmutableTags implements TagPolicy {
    /** Tag characters (as the distribution spec allows) plus the glob wildcards {@code *} and {@code ?}. */
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_*?][A-Za-z0-9_.*?-]{0,127}");

    private final Database db;

    public ImmutableTags(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> immutable(String repository, String tag) {
        return ImageCatalog.repoOf(db, repository)
                .flatMap(repo -> db.images().immutablePatterns(repo.id()).stream()
                        .filter(glob -> matches(glob, tag))
                        .findFirst()
                        .map(glob -> "repository " + repo.fullName() + " protects tags matching " + glob));
    }

    /**
     * Checks patterns given by a user.
     *
     * @throws UserError naming the first bad pattern
     */
    public static List<String> validate(List<String> patterns) {
        for (var p : patterns) {
            if (!GLOB.matcher(p).matches()) {
                throw new UserError("immutable tag pattern '" + p + "' is not valid: use tag characters"
                        + " (letters, digits, _ . -, at most 128) and the wildcards * and ?");
            }
        }
        return patterns.stream().distinct().sorted().toList();
    }

    /** Whether {@code glob} matches the whole of {@code tag}. */
    static boolean matches(String glob, String tag) {
        var regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return tag.matches(regex.toString());
    }
}
