package dev.slipway.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One page of a lexically sorted list, as {@code ?n=&last=} ask for it.
 *
 * @param items the entries on this page
 * @param next the {@code last} value for the next page, when more entries follow
 */
record Page(List<String> items, Optional<String> next) {
    /** The largest page served, whatever {@code n} says. */
    static final int MAX = 10_000;

    /** Entries after {@code last}, at most {@code n} (all, up to {@link #MAX}, without {@code n}). */
    static Page of(List<String> sorted, Optional<String> n, Optional<String> last) {
        int limit = n.map(Page::parseLimit).orElse(MAX);
        List<String> after = last.map(
                        l -> sorted.stream().filter(s -> s.compareTo(l) > 0).toList())
                .orElse(sorted);
        if (after.size() <= limit) {
            return new Page(after, Optional.empty());
        }
        List<String> items = after.subList(0, limit);
        return new Page(List.copyOf(items), limit == 0 ? Optional.empty() : Optional.of(items.get(limit - 1)));
    }

    private static int parseLimit(String n) {
        try {
            int value = Integer.parseInt(n);
            if (value < 0) {
                throw new NumberFormatException(n);
            }
            return Math.min(value, MAX);
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.PAGINATION_NUMBER_INVALID, "invalid page size n=" + n);
        }
    }

    /** The RFC 5988 {@code Link} header value for the next page, relative to {@code path}. */
    Optional<String> link(String path) {
        return next.map(last -> "<" + path + "?n=" + items.size() + "&last="
                + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\"");
    }
}
