package dev.slipway.workflow;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cache-mode} of a workflow or job: what the job may do with the cache. Job-level wins over workflow-level;
 * without either, {@code read} for {@code pull_request_target} (a low-trust event) and {@code write} otherwise; a
 * called workflow's jobs never get more than their caller's job.
 */
public enum CacheMode {
    /** Restores, no saves. */
    READ("read", true, false),
    /** Restores and saves. */
    WRITE("write", true, true),
    /** Saves, no restores. */
    WRITE_ONLY("write-only", false, true),
    /** Neither. */
    NONE("none", false, false);

    private final String text;
    private final boolean restore;
    private final boolean save;

    CacheMode(String text, boolean restore, boolean save) {
        this.text = text;
        this.restore = restore;
        this.save = save;
    }

    /** The mode {@code text} names ({@code read}, {@code write}, {@code write-only}, {@code none}, any case). */
    public static Optional<CacheMode> parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (CacheMode m : values()) {
            if (m.text.equals(t)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The mode a job runs with: its own, else its workflow's, else the default for {@code eventName}. */
    public static CacheMode of(Job job, Workflow workflow, String eventName) {
        return job.cacheMode().or(workflow::cacheMode).orElse(eventName.equals("pull_request_target") ? READ : WRITE);
    }

    /** The mode a job runs with, for the run whose contexts' {@code github.event_name} names the event. */
    public static CacheMode of(Job job, Workflow workflow, Map<String, Value> contexts) {
        String event = contexts.get("github") instanceof Value.Obj github
                ? github.get("event_name").map(Values::toStr).orElse("")
                : "";
        return of(job, workflow, event);
    }

    /** What this mode and {@code ceiling} both allow. */
    public CacheMode within(CacheMode ceiling) {
        boolean r = restore && ceiling.restore;
        boolean s = save && ceiling.save;
        return r ? (s ? WRITE : READ) : (s ? WRITE_ONLY : NONE);
    }

    public boolean canRestore() {
        return restore;
    }

    public boolean canSave() {
        return save;
    }

    @Override
    public String toString() {
        return text;
    }
}
