package dev.slipway.protocol;

import dev.slipway.runtime.Annotation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobEnvironment;
import dev.slipway.runtime.JobResult;
import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import dev.slipway.runtime.StepResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Conversions between the runtime's records and the wire records, both ways. */
public final class Wire {
    private Wire() {}

    public static JobEvent.Step step(StepRef ref) {
        return new JobEvent.Step(ref.index(), ref.id().orElse(""), ref.name(), ref.post());
    }

    public static StepRef step(JobEvent.Step step) {
        return new StepRef(step.index(), nonEmpty(step.id()), step.name(), step.post());
    }

    public static JobEvent started(long seq, StepRef step) {
        return new JobEvent(seq, JobEvent.Type.STEP_STARTED, step(step), "", "", "", "", Map.of(), 0);
    }

    public static JobEvent log(long seq, StepRef step, LogLine line) {
        return new JobEvent(seq, JobEvent.Type.LOG, step(step), line.kind().name(), line.text(), "", "", Map.of(), 0);
    }

    public static JobEvent finished(long seq, StepRef step, StepResult result) {
        return new JobEvent(
                seq,
                JobEvent.Type.STEP_FINISHED,
                step(step),
                "",
                "",
                result.outcome().label(),
                result.conclusion().label(),
                result.outputs(),
                result.duration().toMillis());
    }

    /** The log line of a {@link JobEvent.Type#LOG} event; an unknown kind is plain output. */
    public static LogLine line(JobEvent event) {
        LogLine.Kind kind;
        try {
            kind = LogLine.Kind.valueOf(event.kind());
        } catch (IllegalArgumentException e) {
            kind = LogLine.Kind.OUTPUT;
        }
        return LogLine.of(kind, event.text());
    }

    /** The step result of a {@link JobEvent.Type#STEP_FINISHED} event. */
    public static StepResult result(JobEvent event) {
        return new StepResult(
                event.step().index(),
                nonEmpty(event.step().id()),
                event.step().name(),
                conclusion(event.outcome()),
                conclusion(event.conclusion()),
                event.outputs(),
                Duration.ofMillis(event.millis()));
    }

    public static Outcome outcome(JobResult result, long events) {
        return new Outcome(
                result.conclusion().label(),
                result.outputs(),
                result.failure().orElse(""),
                result.summaryMarkdown(),
                result.annotations().stream()
                        .map(a -> new Outcome.Note(
                                a.level().name(), a.message(), a.title().orElse(""), a.step()))
                        .toList(),
                events,
                result.environment().map(JobEnvironment::name).orElse(""),
                result.environment().flatMap(JobEnvironment::url).orElse(""));
    }

    /** The job result an outcome stands for (step results are in the events). */
    public static JobResult result(Outcome outcome) {
        List<Annotation> annotations = outcome.annotations().stream()
                .map(n -> new Annotation(
                        level(n.level()),
                        n.message(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        nonEmpty(n.title()),
                        n.step()))
                .toList();
        return new JobResult(
                conclusion(outcome.conclusion()),
                outcome.outputs(),
                List.of(),
                nonEmpty(outcome.failure()),
                outcome.summary(),
                annotations,
                nonEmpty(outcome.environment())
                        .map(name -> new JobEnvironment(name, nonEmpty(outcome.environmentUrl()), true)));
    }

    /** A conclusion from its label; anything unknown is a failure. */
    public static Conclusion conclusion(String label) {
        try {
            return Conclusion.valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Conclusion.FAILURE;
        }
    }

    private static Annotation.Level level(String name) {
        try {
            return Annotation.Level.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Annotation.Level.ERROR;
        }
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
