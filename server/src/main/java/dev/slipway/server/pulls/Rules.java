package dev.slipway.server.pulls;

import dev.slipway.plan.Globs;
import dev.slipway.server.store.Protection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which protection rule covers a branch: the one named exactly, else the longest matching pattern (as GitHub). */
public final class Rules {
    private Rules() {}

    /** The rule for {@code branch} among a repository's rules. */
    public static Optional<Protection> forBranch(List<Protection> rules, String branch) {
        var exact = rules.stream().filter(r -> r.pattern().equals(branch)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        return rules.stream()
                .filter(r -> Globs.problem(r.pattern()).isEmpty() && Globs.matches(r.pattern(), branch))
                .max(Comparator.comparingInt(r -> r.pattern().length()));
    }

    /** A pattern's problem (empty, too long, bad glob), for the API's 422. */
    public static Optional<String> problem(String pattern) {
        if (pattern.isBlank()) {
            return Optional.of("branch pattern must not be empty");
        }
        if (pattern.length() > 255) {
            return Optional.of("branch pattern is longer than 255 characters");
        }
        return Globs.problem(pattern);
    }
}
