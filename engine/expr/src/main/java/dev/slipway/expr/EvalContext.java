package dev.slipway.expr;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an expression can see while it is evaluated: the contexts ({@code github}, {@code env}, {@code matrix}...),
 * the job status for the status functions, and the workspace for {@code hashFiles()}. Implementations must answer
 * {@link #context} ignoring case; the evaluator always asks with a lower-case name.
 */
public interface EvalContext {

    /** The context called {@code name} (case-insensitive), or empty when it is not available here. */
    Optional<Value> context(String name);

    /** The status {@code success()}, {@code failure()} and {@code cancelled()} test. */
    default JobStatus jobStatus() {
        return JobStatus.SUCCESS;
    }

    /** GitHub's {@code hashFiles(patterns...)}; the default says it is not available. */
    default String hashFiles(List<String> patterns) throws ExprException {
        throw new ExprException("hashFiles is not available here", 0);
    }

    /** A context with the given contexts, status {@link JobStatus#SUCCESS} and no {@code hashFiles}. */
    static EvalContext of(Map<String, Value> contexts) {
        return builder().contexts(contexts).build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** Computes {@code hashFiles()}, e.g. {@code patterns -> HashFiles.compute(workspace, patterns)}. */
    @FunctionalInterface
    interface HashFilesFunction {
        String hash(List<String> patterns) throws ExprException;
    }

    /** Builds an immutable {@link EvalContext}. */
    final class Builder {
        private final Map<String, Value> contexts = new HashMap<>();
        private JobStatus status = JobStatus.SUCCESS;
        private Optional<HashFilesFunction> hashFiles = Optional.empty();

        private Builder() {}

        public Builder context(String name, Value value) {
            contexts.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        public Builder contexts(Map<String, Value> all) {
            all.forEach(this::context);
            return this;
        }

        public Builder jobStatus(JobStatus jobStatus) {
            this.status = jobStatus;
            return this;
        }

        public Builder hashFiles(HashFilesFunction function) {
            this.hashFiles = Optional.of(function);
            return this;
        }

        /** {@code hashFiles()} over the files below {@code workspace}, with {@link HashFiles#compute}. */
        public Builder workspace(Path workspace) {
            return hashFiles(patterns -> HashFiles.compute(workspace, patterns));
        }

        public EvalContext build() {
            return new MapEvalContext(Map.copyOf(contexts), status, hashFiles);
        }
    }
}
