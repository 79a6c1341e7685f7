package dev.slipway.run;

import dev.slipway.runtime.Conclusion;
import java.util.Map;

/**
 * How a job ended in an earlier attempt of the run, taken as its result instead of running it again.
 *
 * @param conclusion its result, as {@code needs.<id>.result} shows it
 * @param outputs its outputs, as {@code needs.<id>.outputs} shows them
 */
public record ReusedJob(Conclusion conclusion, Map<String, String> outputs) {
    public ReusedJob {
        outputs = Map.copyOf(outputs);
    }
}
