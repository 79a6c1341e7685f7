package dev.slipway.plan;

/**
 * Whether a workflow runs for an event, with the reason in words, e.g. {@code branch 'dev' not matched by branches
 * [main, release/*]}.
 */
public record TriggerMatch(boolean triggered, String reason) {
    static TriggerMatch yes(String reason) {
        return new TriggerMatch(true, reason);
    }

    static TriggerMatch no(String reason) {
        return new TriggerMatch(false, reason);
    }
}
