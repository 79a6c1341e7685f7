package dev.slipway.executor.fake;

import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.LogSink;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An executor that runs no processes: each step follows the first {@link Script} whose rule matches it, and every call
 * is recorded for assertions. For fast tests of the runtime's success, failure, timeout and cancellation paths.
 *
 * <pre>{@code
 * FakeExecutor fake = FakeExecutor.builder()
 *         .onCommandContaining("make test", Script.lines("ok").thenExit(1))
 *         .onCommandContaining("sleep", Script.hang())
 *         .defaultScript(Script.exit(0))
 *         .build();
 * }</pre>
 *
 * <p>With {@link Builder#containers} it claims container support: jobs get the scripted services and step environment,
 * and {@code buildImage} records the build and returns the tag. Without it, it refuses containers as the host executor
 * does.
 *
 * <p>{@link Builder#onCommandContaining} looks at the command's words and at the content of any file a word names
 * (the runtime writes {@code run:} scripts to files), so rules can match on script text. Thread-safe.
 */
public final class FakeExecutor implements Executor {
    private record Rule(Predicate<StepSpec> matches, Script script) {}

    private final List<Rule> rules;
    private final Script defaultScript;
    private final Optional<String> prepareFailure;
    private final Optional<java.util.concurrent.CountDownLatch> prepareBlock;
    private final Optional<FakeContainers> containers;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private FakeExecutor(Builder builder) {
        this.rules = List.copyOf(builder.rules);
        this.defaultScript = builder.defaultScript;
        this.prepareFailure = builder.prepareFailure;
        this.prepareBlock = builder.prepareBlock;
        this.containers = builder.containers;
    }

    /** A builder with no rules; unmatched steps exit with 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FakeExecutor}. Rules are tried in the order they were added. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private Script defaultScript = Script.exit(0);
        private Optional<String> prepareFailure = Optional.empty();
        private Optional<java.util.concurrent.CountDownLatch> prepareBlock = Optional.empty();
        private Optional<FakeContainers> containers = Optional.empty();

        private Builder() {}

        /** Steps whose command words, or the files they name, contain {@code text} follow {@code script}. */
        public Builder onCommandContaining(String text, Script script) {
            return onStep(step -> commandContains(step, text), script);
        }

        /** Steps matching {@code predicate} follow {@code script}. */
        public Builder onStep(Predicate<StepSpec> predicate, Script script) {
            rules.add(new Rule(predicate, script));
            return this;
        }

        /** What steps matching no rule do; {@code Script.exit(0)} unless set. */
        public Builder defaultScript(Script script) {
            this.defaultScript = script;
            return this;
        }

        /**
         * Makes every {@code prepareJob} wait (a minute at most) until its thread is interrupted, then throw, as a
         * preparation waiting for a service's health check does; {@code started} counts down when it begins waiting.
         */
        public Builder blockPrepare(java.util.concurrent.CountDownLatch started) {
            this.prepareBlock = Optional.of(started);
            return this;
        }

        /** Makes every {@code prepareJob} throw an {@code ExecutorException} with {@code message}. */
        public Builder failPrepare(String message) {
            this.prepareFailure = Optional.of(message);
            return this;
        }

        /**
         * Claims container support. A prepared job's {@link JobHandle#services()} holds the entries of {@code services}
         * whose id the job declares; {@link JobHandle#stepEnvironment()} is {@code stepEnvironment}.
         */
        public Builder containers(Map<String, JobHandle.ServiceInfo> services, Map<String, String> stepEnvironment) {
            FakeContainers current = containers.orElse(FakeContainers.NONE);
            this.containers = Optional.of(
                    new FakeContainers(services, stepEnvironment, current.buildOutput(), current.buildFailure()));
            return this;
        }

        /** Output lines every {@code buildImage} delivers to its sink; needs {@link #containers}. */
        public Builder buildOutput(String... lines) {
            FakeContainers current = containers.orElseThrow(() -> new IllegalStateException("call containers first"));
            this.containers = Optional.of(new FakeContainers(
                    current.services(), current.stepEnvironment(), List.of(lines), current.buildFailure()));
            return this;
        }

        /** Makes every {@code buildImage} throw with {@code message}; needs {@link #containers}. */
        public Builder failBuild(String message) {
            FakeContainers current = containers.orElseThrow(() -> new IllegalStateException("call containers first"));
            this.containers = Optional.of(new FakeContainers(
                    current.services(), current.stepEnvironment(), current.buildOutput(), Optional.of(message)));
            return this;
        }

        public FakeExecutor build() {
            return new FakeExecutor(this);
        }
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public JobHandle prepareJob(JobSpec spec) throws ExecutorException {
        calls.add(new Call.Prepare(spec));
        if (prepareBlock.isPresent()) {
            prepareBlock.get().countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutorException("interrupted while waiting for services", e);
            }
            throw new ExecutorException("the preparation was not interrupted within a minute");
        }
        if (prepareFailure.isPresent()) {
            throw new ExecutorException(prepareFailure.get());
        }
        FakeContainers c = containers.orElse(FakeContainers.NONE);
        return new FakeJob(spec, c.servicesOf(spec), c.stepEnvironment());
    }

    @Override
    public boolean supportsContainers() {
        return containers.isPresent();
    }

    @Override
    public String buildImage(Path context, String dockerfile, String tag, LogSink sink) throws ExecutorException {
        if (containers.isEmpty()) {
            return Executor.super.buildImage(context, dockerfile, tag, sink);
        }
        calls.add(new Call.Build(context, dockerfile, tag));
        containers.get().buildOutput().forEach(sink::line);
        if (containers.get().buildFailure().isPresent()) {
            throw new ExecutorException(containers.get().buildFailure().get());
        }
        return tag;
    }

    @Override
    public StepHandle startStep(JobHandle job, StepSpec step) throws ExecutorException {
        calls.add(new Call.Start(job.spec(), step));
        Script script = scriptFor(step);
        if (script.end() instanceof Script.End.StartFailure(String message)) {
            throw new ExecutorException(message);
        }
        FakeStep fakeStep = new FakeStep(step, script);
        if (!fakeJob(job).add(fakeStep)) {
            throw new ExecutorException("job " + job.spec().jobKey() + " was already destroyed");
        }
        for (Script.FileWrite write : script.fileWrites()) {
            append(step, write);
        }
        return fakeStep;
    }

    @Override
    public void logs(StepHandle step, LogSink sink) {
        FakeStep fakeStep = fakeStep(step);
        fakeStep.script().lines().forEach(sink::line);
        if (fakeStep.script().end() instanceof Script.End.Hang) {
            fakeStep.awaitDestroyed();
        }
    }

    @Override
    public StepExit awaitStep(StepHandle step, Duration timeout) throws InterruptedException {
        return fakeStep(step).await(timeout);
    }

    @Override
    public void destroyStep(StepHandle step) {
        calls.add(new Call.DestroyStep(step.spec()));
        fakeStep(step).destroy();
    }

    @Override
    public void destroyJob(JobHandle job) {
        calls.add(new Call.DestroyJob(job.spec()));
        fakeJob(job).destroy().forEach(FakeStep::destroy);
    }

    /** Every call so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The jobs given to {@code prepareJob}, in order. */
    public List<JobSpec> preparedJobs() {
        return calls.stream()
                .flatMap(c -> c instanceof Call.Prepare p ? Stream.of(p.job()) : Stream.empty())
                .toList();
    }

    /** The steps given to {@code startStep}, in order, with their command and environment. */
    public List<StepSpec> startedSteps() {
        return calls.stream()
                .flatMap(c -> c instanceof Call.Start s ? Stream.of(s.step()) : Stream.empty())
                .toList();
    }

    /** The images built with {@code buildImage}, in order. */
    public List<Call.Build> builds() {
        return calls.stream()
                .flatMap(c -> c instanceof Call.Build b ? Stream.of(b) : Stream.empty())
                .toList();
    }

    /** The steps given to {@code destroyStep}, once per call. */
    public List<StepSpec> destroyedSteps() {
        return calls.stream()
                .flatMap(c -> c instanceof Call.DestroyStep d ? Stream.of(d.step()) : Stream.empty())
                .toList();
    }

    /** The jobs given to {@code destroyJob}, once per call. */
    public List<JobSpec> destroyedJobs() {
        return calls.stream()
                .flatMap(c -> c instanceof Call.DestroyJob d ? Stream.of(d.job()) : Stream.empty())
                .toList();
    }

    private Script scriptFor(StepSpec step) {
        return rules.stream()
                .filter(r -> r.matches().test(step))
                .map(Rule::script)
                .findFirst()
                .orElse(defaultScript);
    }

    /** Whether the step's command words, or the script files they name, contain {@code text}. */
    public static boolean commandContains(StepSpec step, String text) {
        for (String word : step.command()) {
            if (word.contains(text) || fileContains(step.workingDirectory(), word, text)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fileContains(Path workingDirectory, String word, String text) {
        try {
            Path file = workingDirectory.resolve(word);
            return Files.isRegularFile(file) && Files.readString(file).contains(text);
        } catch (IOException | InvalidPathException | java.io.UncheckedIOException e) {
            return false; // not a readable text file: the word is not a script path
        }
    }

    private static void append(StepSpec step, Script.FileWrite write) throws ExecutorException {
        String target = step.env().get(write.envVar());
        if (target == null) {
            throw new ExecutorException("fake step " + step.name() + ": no variable " + write.envVar() + " in its env");
        }
        try {
            Files.writeString(
                    Path.of(target),
                    write.text(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | InvalidPathException e) {
            throw new ExecutorException("fake step " + step.name() + ": cannot append to " + target + ": " + e, e);
        }
    }

    private static FakeJob fakeJob(JobHandle job) {
        if (job instanceof FakeJob f) {
            return f;
        }
        throw new IllegalArgumentException("not a job of the fake executor: " + job);
    }

    private static FakeStep fakeStep(StepHandle step) {
        if (step instanceof FakeStep f) {
            return f;
        }
        throw new IllegalArgumentException("not a step of the fake executor: " + step);
    }
}
