package dev.slipway.runtime;

import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Value;
import dev.slipway.workflow.Defaults;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The steps that see each other: the job's steps, or the steps of one composite action run.
 *
 * @param steps the {@code steps} context: id to {outputs, outcome, conclusion}
 * @param status the status {@code success()}/{@code failure()} test in this scope
 * @param inputs the {@code inputs} context of a composite action; empty for the job (the request's is used)
 * @param inheritedEnv {@code env:} of the enclosing composite steps, applied over the job's env
 * @param defaults {@code defaults.run} for {@code run} steps (none inside composite actions)
 * @param actionPath the directory of the composite action, for {@code GITHUB_ACTION_PATH}
 * @param file the file the steps were written in, for diagnostics
 * @param depth how deeply composite actions are nested here (0 for the job)
 */
record Scope(
        Map<String, Value> steps,
        Status status,
        Optional<Value> inputs,
        Map<String, String> inheritedEnv,
        Defaults defaults,
        Optional<Path> actionPath,
        String file,
        int depth) {

    static Scope job(Defaults defaults, String file) {
        return new Scope(
                new LinkedHashMap<>(), new Status(), Optional.empty(), Map.of(), defaults, Optional.empty(), file, 0);
    }

    Scope composite(Value inputs, Map<String, String> env, Path actionPath, String actionFile) {
        return new Scope(
                new LinkedHashMap<>(),
                new Status(),
                Optional.of(inputs),
                Map.copyOf(env),
                Defaults.NONE,
                Optional.of(actionPath),
                actionFile,
                depth + 1);
    }

    /**
     * A background step's own view of this scope: the {@code steps} context and status as they are now, which it
     * changes without the job seeing it until a {@code wait} takes its results.
     */
    Scope forBackground() {
        Status own = new Status();
        if (status.value() == JobStatus.FAILURE) {
            own.fail();
        }
        return new Scope(new LinkedHashMap<>(steps), own, inputs, inheritedEnv, defaults, actionPath, file, depth);
    }

    /** The mutable status of a scope: success until a step fails. */
    static final class Status {
        private JobStatus value = JobStatus.SUCCESS;

        JobStatus value() {
            return value;
        }

        void fail() {
            value = JobStatus.FAILURE;
        }
    }
}
