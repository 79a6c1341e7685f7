package dev.slipway.expr;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The {@link EvalContext} the builder makes; context names are stored in lower case. */
record MapEvalContext(
        Map<String, Value> contexts, JobStatus jobStatus, Optional<EvalContext.HashFilesFunction> hashFunction)
        implements EvalContext {

    @Override
    public Optional<Value> context(String name) {
        Value v = contexts.get(name);
        if (v == null) {
            v = contexts.get(name.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(v);
    }

    @Override
    public String hashFiles(List<String> patterns) throws ExprException {
        if (hashFunction.isEmpty()) {
            return EvalContext.super.hashFiles(patterns);
        }
        return hashFunction.get().hash(patterns);
    }
}
