package dev.slipway.run;

import dev.slipway.expr.Value;
import dev.slipway.runtime.spi.Executor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps {@code runs-on} labels to executors, like act's {@code -P label=image}. A job runs only when every one of its
 * labels is mapped, and all to the same executor; otherwise it is reported, never silently run somewhere else.
 */
public final class Platforms {

    /** Labels GitHub-hosted Linux runners answer to; they map to the host executor by default. */
    public static final List<String> DEFAULT_HOST_LABELS = List.of(
            "ubuntu-latest",
            "ubuntu-24.04",
            "ubuntu-22.04",
            "ubuntu-20.04",
            "ubuntu-slim", // GitHub's one-CPU Linux runner (generally available since January 2026)
            "linux",
            "x64",
            "self-hosted",
            "slipway",
            "host");

    private final Map<String, Executor> byLabel;
    private final Map<String, String> images;
    private final Map<String, Executor> executors;

    private Platforms(Map<String, Executor> byLabel, Map<String, String> images, Map<String, Executor> executors) {
        this.byLabel = byLabel;
        this.images = images;
        this.executors = executors;
    }

    /** The default mapping: the Linux labels to {@code host}. */
    public static Platforms hostDefaults(Executor host) {
        return builder().executor(host).mapAll(DEFAULT_HOST_LABELS, host.name()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The executor for a job's labels, or a message naming what is missing.
     *
     * @param labels the rendered {@code runs-on} labels
     */
    public Resolution resolve(List<String> labels) {
        if (labels.isEmpty()) {
            return new Resolution.Unmatched("the job has no runs-on label");
        }
        Executor chosen = null;
        String image = null;
        List<String> missing = new ArrayList<>();
        for (String label : labels) {
            String key = label.toLowerCase(Locale.ROOT);
            Executor e = byLabel.get(key);
            if (image == null) {
                image = images.get(key);
            }
            if (e == null) {
                missing.add(label);
            } else if (chosen != null && chosen != e) {
                return new Resolution.Unmatched("runs-on labels " + labels + " map to different executors ("
                        + chosen.name() + ", " + e.name() + ")");
            } else {
                chosen = e;
            }
        }
        if (!missing.isEmpty() || chosen == null) {
            String m = String.join("', '", missing);
            return new Resolution.Unmatched("no executor for runs-on label '" + m + "' (known labels: "
                    + String.join(", ", new java.util.TreeSet<>(byLabel.keySet())) + "); map it with --platform "
                    + missing.get(0) + "=host");
        }
        return new Resolution.Matched(chosen, java.util.Optional.ofNullable(image));
    }

    /** The labels of a {@code runs-on} value: a string, a list of strings, or {@code {group, labels}}. */
    public static List<String> labelsOf(Value runsOn) {
        return switch (runsOn) {
            case Value.Str s -> List.of(s.value());
            case Value.Arr a ->
                a.items().stream()
                        .map(v -> v instanceof Value.Str s ? s.value() : String.valueOf(v))
                        .toList();
            case Value.Obj o -> {
                List<String> out = new ArrayList<>();
                o.get("group").ifPresent(g -> out.addAll(labelsOf(g)));
                o.get("labels").ifPresent(l -> out.addAll(labelsOf(l)));
                yield out;
            }
            default -> List.of();
        };
    }

    /** Every label that maps to an executor, lower-cased: what an agent with this mapping can take. */
    public java.util.Set<String> labels() {
        return byLabel.keySet();
    }

    /** Every executor known, by name. */
    public Map<String, Executor> executors() {
        return executors;
    }

    /** The outcome of {@link #resolve}. */
    public sealed interface Resolution {
        /** The labels map to this executor, and for a container executor maybe to an image. */
        record Matched(Executor executor, java.util.Optional<String> image) implements Resolution {}

        /** They do not; {@code reason} tells the user what to do. */
        record Unmatched(String reason) implements Resolution {}
    }

    /** Builds a mapping. */
    public static final class Builder {
        private final Map<String, Executor> byLabel = new LinkedHashMap<>();
        private final Map<String, String> images = new LinkedHashMap<>();
        private final Map<String, Executor> executors = new LinkedHashMap<>();

        public Builder executor(Executor e) {
            return executor(e.name(), e);
        }

        /** Adds {@code e} under {@code name}; one executor may serve several names (e.g. {@code host} and {@code docker}). */
        public Builder executor(String name, Executor e) {
            executors.put(name, e);
            return this;
        }

        /**
         * Maps {@code label} to a target: the name of an added executor ({@code host}), or {@code docker://IMAGE}
         * ({@code kubernetes://IMAGE}) for the {@code docker} ({@code kubernetes}) executor running the job in a
         * container (a pod) of that image.
         */
        public Builder map(String label, String target) {
            String executorName = target;
            int scheme = target.indexOf("://");
            if (target.startsWith("docker://") || target.startsWith("kubernetes://")) {
                executorName = target.substring(0, scheme);
                String image = target.substring(scheme + 3);
                if (image.isBlank()) {
                    throw new dev.slipway.common.UserError("--platform " + label + "=" + executorName
                            + ":// needs an image, e.g. " + executorName + "://localhost/slipway/bookworm:latest");
                }
                images.put(label.toLowerCase(Locale.ROOT), image);
            } else {
                images.remove(label.toLowerCase(Locale.ROOT));
            }
            Executor e = executors.get(executorName);
            if (e == null) {
                throw new dev.slipway.common.UserError("unknown executor '" + executorName + "' for label '" + label
                        + "' (known: " + String.join(", ", executors.keySet()) + ")");
            }
            byLabel.put(label.toLowerCase(Locale.ROOT), e);
            return this;
        }

        public Builder mapAll(List<String> labels, String executorName) {
            labels.forEach(l -> map(l, executorName));
            return this;
        }

        public Platforms build() {
            return new Platforms(Map.copyOf(byLabel), Map.copyOf(images), Map.copyOf(executors));
        }
    }
}
