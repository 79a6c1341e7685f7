package dev.slipway.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvalContextTest {

    @Test
    void mapContextLooksUpNamesIgnoringCase() {
        EvalContext ctx = EvalContext.of(Map.of("GitHub", Value.of("g")));
        assertThat(ctx.context("github")).contains(Value.of("g"));
        assertThat(ctx.context("GITHUB")).contains(Value.of("g"));
        assertThat(ctx.context("env")).isEmpty();
        assertThat(ctx.jobStatus()).isEqualTo(JobStatus.SUCCESS);
    }

    @Test
    void builderSetsStatusAndHashFunction() throws ExprException {
        EvalContext ctx = EvalContext.builder()
                .context("env", Value.obj(Map.of("A", Value.of("1"))))
                .jobStatus(JobStatus.CANCELLED)
                .hashFiles(patterns -> String.join("+", patterns))
                .build();
        assertThat(Expressions.evaluate("hashFiles('a', env.A, 2)", ctx)).isEqualTo(Value.of("a+1+2"));
        assertThat(Expressions.evaluate("cancelled() && !success()", ctx)).isEqualTo(Value.TRUE);
    }

    @Test
    void aLambdaIsAContext() throws ExprException {
        EvalContext ctx =
                name -> name.equals("inputs") ? Optional.of(Value.obj(Map.of("n", Value.of(3)))) : Optional.empty();
        assertThat(Expressions.evaluate("inputs.n > 2 && vars.x == null", ctx)).isEqualTo(Value.TRUE);
    }

    @Test
    void hashFilesErrorPointsAtTheCall() {
        EvalContext ctx = EvalContext.builder()
                .hashFiles(patterns -> {
                    throw new ExprException("bad pattern " + patterns, 0);
                })
                .build();
        try {
            Expressions.evaluate("'x' != hashFiles('[')", ctx);
            org.assertj.core.api.Assertions.fail("expected an error");
        } catch (ExprException e) {
            assertThat(e.offset()).isEqualTo(7);
            assertThat(e.getMessage()).isEqualTo("bad pattern " + List.of("["));
        }
    }
}
