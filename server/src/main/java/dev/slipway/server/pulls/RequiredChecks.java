package dev.slipway.server.pulls;

import dev.slipway.server.store.CommitStatus;
import dev.slipway.server.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of a commit from its commit statuses, with the required ones marked. A required name matches a status
 * whose context is the name itself, or {@code <workflow> / <job>} where the workflow or the job is the name (then every
 * job of that workflow must pass). A status whose description starts with {@value #SKIPPED_PREFIX} was posted for a
 * workflow its path filter skipped: it counts as passed.
 */
public final class RequiredChecks {
    /** How the description of a skip status begins. */
    public static final String SKIPPED_PREFIX = "Skipped:";

    private RequiredChecks() {}

    /** Every check of {@code sha}: the required ones first (in the rule's order), missing ones included. */
    public static List<Check> of(Database db, long repoId, String sha, List<String> required) {
        var latest = db.statuses().combined(repoId, sha).statuses();
        var out = new ArrayList<Check>();
        Set<String> covered = new LinkedHashSet<>();
        for (String name : required) {
            var matching =
                    latest.stream().filter(s -> matches(name, s.context())).toList();
            if (matching.isEmpty()) {
                out.add(new Check(
                        name,
                        Check.State.MISSING,
                        java.util.Optional.of("Expected: waiting for it to be" + " reported"),
                        java.util.Optional.empty(),
                        true));
                continue;
            }
            for (CommitStatus s : matching) {
                if (covered.add(s.context())) {
                    out.add(check(s, true));
                }
            }
        }
        for (CommitStatus s : latest) {
            if (!covered.contains(s.context())) {
                out.add(check(s, false));
            }
        }
        return out;
    }

    /** The required checks that do not pass, as a sentence fragment each ("'build' is failing"). */
    public static List<String> problems(List<Check> checks) {
        return checks.stream()
                .filter(c -> c.required() && !c.state().passed())
                .map(c -> "'" + c.name() + "' "
                        + switch (c.state()) {
                            case PENDING -> "is pending";
                            case FAILURE -> "is failing";
                            default -> "has not reported";
                        })
                .toList();
    }

    static boolean matches(String name, String context) {
        if (context.equals(name)) {
            return true;
        }
        int slash = context.indexOf(" / ");
        if (slash < 0) {
            return false;
        }
        return context.substring(0, slash).equals(name)
                || context.substring(slash + 3).equals(name);
    }

    private static Check check(CommitStatus s, boolean required) {
        var state = switch (s.state()) {
            case SUCCESS ->
                s.description().filter(d -> d.startsWith(SKIPPED_PREFIX)).isPresent()
                        ? Check.State.SKIPPED
                        : Check.State.SUCCESS;
            case PENDING -> Check.State.PENDING;
            case FAILURE, ERROR -> Check.State.FAILURE;
        };
        return new Check(s.context(), state, s.description(), s.targetUrl(), required);
    }
}
