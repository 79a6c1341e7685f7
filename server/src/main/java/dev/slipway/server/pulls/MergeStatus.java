package dev.slipway.server.pulls;

import dev.slipway.server.store.Protection;
import java.util.List;
import java.util.Optional;

/**
 * Whether a pull request may merge now, and why not.
 *
 * @param clean head merges into base without conflicts
 * @param conflicts the conflicting files when not clean
 * @param upToDate the head contains the base branch's tip
 * @param checks every check of the head, required ones first
 * @param approvals current approvals from others than the author
 * @param rule the protection rule of the base branch, if any
 * @param blockers what the rule (or a conflict) still demands, as sentences; empty when it may merge
 */
public record MergeStatus(
        boolean clean,
        List<String> conflicts,
        boolean upToDate,
        List<Check> checks,
        int approvals,
        Optional<Protection> rule,
        List<String> blockers) {
    public MergeStatus {
        conflicts = List.copyOf(conflicts);
        checks = List.copyOf(checks);
        blockers = List.copyOf(blockers);
    }

    /** Approvals the rule requires (0 without a rule). */
    public int requiredApprovals() {
        return rule.map(r -> r.rules().requiredApprovals()).orElse(0);
    }

    /** GitHub's {@code mergeable_state}: dirty, blocked, behind, unstable or clean. */
    public String mergeableState() {
        if (!clean) {
            return "dirty";
        }
        if (!blockers.isEmpty()) {
            return blockers.stream().allMatch(b -> b.startsWith(MergeGate.BEHIND)) ? "behind" : "blocked";
        }
        if (checks.stream().anyMatch(c -> !c.state().passed())) {
            return "unstable";
        }
        return "clean";
    }

    /** Whether nothing stands in the way. */
    public boolean mergeable() {
        return clean && blockers.isEmpty();
    }
}
