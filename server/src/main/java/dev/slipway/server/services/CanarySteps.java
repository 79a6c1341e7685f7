package dev.slipway.server.services;

import dev.slipway.deploy.CanaryStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The compact form of canary steps the API and {@code slipway/rollout} take: comma-separated, each a weight ({@code
 * 25} or {@code 25%}), {@code pause} (until promoted), {@code pause 10s} (also {@code 500ms}, {@code 2m}, {@code 1h}),
 * or {@code analysis 30s} (at most 5 % of the new release's answers 5xx or unanswered, with at least 10 seen; {@code
 * analysis 30s 1%} sets the rate). A last step below 100 is followed by 100, as Argo Rollouts ends a canary.
 */
public final class CanarySteps {
    /** Argo Rollouts' default-like steps when none are given. */
    public static final String DEFAULT = "25,pause 10s,50,pause 10s,100";

    private static final Pattern WEIGHT = Pattern.compile("(\\d{1,3})%?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m|h)");
    private static final Pattern RATE = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)%");
    private static final int MIN_REQUESTS = 10;

    private CanarySteps() {}

    /** The steps of {@code text}, or why it is not valid (a message naming the step). */
    public static Parsed parse(String text) {
        List<CanaryStep> steps = new ArrayList<>();
        for (var raw : text.split(",", -1)) {
            var step = raw.strip().toLowerCase(Locale.ROOT);
            var parts = step.split("\\s+");
            var weight = WEIGHT.matcher(step);
            if (weight.matches()) {
                int percent = Integer.parseInt(weight.group(1));
                if (percent > 100) {
                    return new Parsed.Invalid("weight " + percent + " is above 100");
                }
                steps.add(new CanaryStep.SetWeight(percent));
            } else if (parts[0].equals("pause") && parts.length <= 2) {
                var duration = parts.length == 2 ? duration(parts[1]) : Optional.<Duration>empty();
                if (parts.length == 2 && duration.isEmpty()) {
                    return new Parsed.Invalid("'" + raw.strip() + "': a pause takes a duration such as 10s, 2m");
                }
                steps.add(new CanaryStep.Pause(duration));
            } else if (parts[0].equals("analysis") && (parts.length == 2 || parts.length == 3)) {
                var window = duration(parts[1]);
                var rate = parts.length == 3 ? RATE.matcher(parts[2]) : null;
                if (window.isEmpty() || rate != null && !rate.matches()) {
                    return new Parsed.Invalid(
                            "'" + raw.strip() + "': an analysis takes a window and a rate, such as 'analysis 30s 5%'");
                }
                double max = rate == null ? 0.05 : Double.parseDouble(rate.group(1)) / 100;
                steps.add(new CanaryStep.Analysis(window.get(), max, MIN_REQUESTS));
            } else {
                return new Parsed.Invalid("'" + raw.strip()
                        + "' is not a step: use a weight (25), 'pause', 'pause 10s' or 'analysis 30s 5%'");
            }
        }
        if (steps.stream().noneMatch(s -> s instanceof CanaryStep.SetWeight)) {
            return new Parsed.Invalid("the steps set no weight");
        }
        var last = steps.reversed().stream()
                .filter(s -> s instanceof CanaryStep.SetWeight)
                .map(s -> ((CanaryStep.SetWeight) s).percent())
                .findFirst()
                .orElse(0);
        if (last < 100 || !(steps.getLast() instanceof CanaryStep.SetWeight)) {
            steps.add(new CanaryStep.SetWeight(100));
        }
        return new Parsed.Steps(List.copyOf(steps));
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m} or {@code 1h}. */
    public static Optional<Duration> duration(String text) {
        var m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
    }

    /** Parsed steps, or the reason they are not. */
    public sealed interface Parsed {
        record Steps(List<CanaryStep> steps) implements Parsed {}

        record Invalid(String message) implements Parsed {}
    }
}
