package dev.slipway.runtime;

import java.util.Map;

/** What running a step's action or script produced, before timeouts, cancellation and continue-on-error. */
record Outcome(boolean success, Map<String, String> outputs) {
    static final Outcome FAILED = new Outcome(false, Map.of());

    Outcome {
        outputs = Map.copyOf(outputs);
    }
}
