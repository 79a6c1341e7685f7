package dev.slipway.plan;

import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Value;
import java.util.List;

/** How a job's matrix is known at planning time. */
public sealed interface MatrixPlan {

    /** The job has no matrix: one instance. */
    record None() implements MatrixPlan {}

    /** The matrix was expanded while planning. */
    record Static(List<Value.Obj> combinations) implements MatrixPlan {
        public Static {
            combinations = List.copyOf(combinations);
        }
    }

    /**
     * The matrix reads {@code needs.*} outputs, so the runtime expands it once the needed jobs are done.
     *
     * @param template the matrix as written: an expression string such as {@code ${{ fromJSON(needs.a.outputs.m)
     *     }}}, or an object whose strings hold expressions
     */
    record Deferred(Value template) implements MatrixPlan {
        /** The matrix as written, as text: the expression string, or JSON of the object. */
        public String expression() {
            return template instanceof Value.Str s ? s.value() : Json.text(template);
        }

        /**
         * Evaluates the template with {@code ctx} (which must hold {@code needs}, {@code github}, {@code inputs} and
         * {@code vars}) and expands the result.
         */
        public Matrix.Expansion resolve(EvalContext ctx) {
            try {
                return Matrix.expand(Templates.evaluateTree(template, ctx));
            } catch (ExprException e) {
                return new Matrix.Expansion(List.of(), List.of(e.getMessage()));
            }
        }
    }

    MatrixPlan NONE = new None();
}
