package dev.slipway.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    @Test
    void blankConditionMeansSuccess() throws ExprException {
        assertThat(Conditions.parse("  ")).isEqualTo(new Expr.Call(Builtin.SUCCESS, java.util.List.of(), 0));
        assertThat(Conditions.evaluate("", ctx(JobStatus.SUCCESS))).isTrue();
        assertThat(Conditions.evaluate("", ctx(JobStatus.FAILURE))).isFalse();
    }

    @Test
    void wrappedAndBareConditionsParseToTheSameTree() throws ExprException {
        Expr bare = Conditions.parse("github.ref == 'x'");
        Expr wrapped = Conditions.parse("${{ github.ref == 'x' }}");
        assertThat(Expressions.contextsUsed(bare)).isEqualTo(Expressions.contextsUsed(wrapped));
        assertThat(wrapped).isInstanceOf(Expr.Compare.class);
        assertThat(wrapped.offset()).isEqualTo(15);
    }

    @Test
    void conditionWithTextAroundExpressionIsAStringAndAlwaysTruthy() throws ExprException {
        Expr e = Conditions.parse("${{ false }} || ${{ false }}");
        assertThat(e).isInstanceOf(Expr.Call.class);
        assertThat(Conditions.evaluate(e, ctx(JobStatus.SUCCESS))).isTrue();
    }

    @Test
    void implicitSuccessShortCircuitsBeforeEvaluatingTheCondition() throws ExprException {
        // fromJSON('x') would fail if evaluated; after a failure the implicit success() is false first.
        assertThat(Conditions.evaluate("fromJSON('x')", ctx(JobStatus.FAILURE))).isFalse();
    }

    private static EvalContext ctx(JobStatus status) {
        return EvalContext.builder()
                .contexts(Map.of("github", Value.obj(Map.of("ref", Value.of("x")))))
                .jobStatus(status)
                .build();
    }
}
