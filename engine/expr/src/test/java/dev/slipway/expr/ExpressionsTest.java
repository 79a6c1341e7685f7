package dev.slipway.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpressionsTest {

    @Test
    void contextsUsedAreLowerCaseAndIncludeNestedOnes() throws ExprException {
        Expr e = Expressions.parse("GitHub.event_name == 'push' && contains(Matrix.os, env[steps.x.outputs.y])");
        assertThat(Expressions.contextsUsed(e)).containsExactly("env", "github", "matrix", "steps");
    }

    @Test
    void literalsAndFunctionsUseNoContext() throws ExprException {
        assertThat(Expressions.contextsUsed(Expressions.parse("format('{0}', 1) || success()")))
                .isEmpty();
    }

    @Test
    void statusFunctionsAreFoundAnywhere() throws ExprException {
        assertThat(Expressions.usesStatusFunction(Expressions.parse("github.x == 1")))
                .isFalse();
        assertThat(Expressions.usesStatusFunction(Expressions.parse("!cancelled()")))
                .isTrue();
        assertThat(Expressions.usesStatusFunction(Expressions.parse("format('{0}', failure())")))
                .isTrue();
        assertThat(Expressions.usesStatusFunction(Expressions.parse("x[always()]")))
                .isTrue();
        assertThat(Expressions.usesStatusFunction(Expressions.parse("1 < 2 && (success())")))
                .isTrue();
    }

    @Test
    void checkContextsRejectsUnknownNamedValueAtItsOffset() throws ExprException {
        Expr e = Expressions.parse("github.sha == secretz.token");
        assertThatThrownBy(() -> Expressions.checkContexts(e, Set.of("github", "secrets")))
                .isInstanceOf(ExprException.class)
                .hasMessage("unrecognized named-value: 'secretz'")
                .extracting(x -> ((ExprException) x).offset())
                .isEqualTo(14);
    }

    @Test
    void checkContextsAcceptsAllowedContexts() throws ExprException {
        Expressions.checkContexts(Expressions.parse("GITHUB.sha && env.X"), Set.of("github", "env"));
    }

    @Test
    void parsesPrecedenceIntoTree() throws ExprException {
        Expr e = Expressions.parse("a || b && !c == d < e");
        assertThat(e).isInstanceOf(Expr.Or.class);
        Expr.And and = (Expr.And) ((Expr.Or) e).right();
        Expr.Compare eq = (Expr.Compare) and.right();
        assertThat(eq.op()).isEqualTo(Expr.CompareOp.EQ);
        assertThat(eq.left()).isInstanceOf(Expr.Not.class);
        assertThat(((Expr.Compare) eq.right()).op()).isEqualTo(Expr.CompareOp.LT);
    }

    @Test
    void propertyAccessIsIndexWithStringKeyAndFilterMarksLaterAccess() throws ExprException {
        Expr.Index name = (Expr.Index) Expressions.parse("a.*.name");
        assertThat(name.key()).isEqualTo(new Expr.Literal(Value.of("name"), 4));
        assertThat(name.elementwise()).isTrue();
        assertThat(name.target()).isInstanceOf(Expr.Filter.class);
        assertThat(((Expr.Index) Expressions.parse("a.b.c")).elementwise()).isFalse();
    }

    @Test
    void nodesCarryOffsets() throws ExprException {
        Expr.Compare c = (Expr.Compare) Expressions.parse("  github.sha   ==  'x'");
        assertThat(c.offset()).isEqualTo(15);
        assertThat(c.right().offset()).isEqualTo(19);
        assertThat(((Expr.Index) c.left()).target().offset()).isEqualTo(2);
    }

    @Test
    void emptyExpressionIsAnError() {
        assertThatThrownBy(() -> Expressions.parse("   "))
                .isInstanceOf(ExprException.class)
                .hasMessage("expected an expression");
    }

    @Test
    void deepNestingIsRejectedWithoutStackOverflow() {
        String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
        assertThatThrownBy(() -> Expressions.parse(deep))
                .isInstanceOf(ExprException.class)
                .hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> Expressions.parse("!".repeat(5000) + "1"))
                .isInstanceOf(ExprException.class)
                .hasMessageContaining("nested deeper");
    }

    @Test
    void moderateNestingIsAccepted() throws ExprException {
        String nested = "(".repeat(40) + "1" + ")".repeat(40);
        assertThat(Expressions.evaluate(nested, EvalContext.of(Map.of()))).isEqualTo(Value.of(1));
    }

    @Test
    void overlongExpressionIsRejected() {
        String longExpr = "'" + "x".repeat(Parser.MAX_LENGTH) + "'";
        assertThatThrownBy(() -> Expressions.parse(longExpr))
                .isInstanceOf(ExprException.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void parsedExpressionCanBeEvaluatedManyTimesWithDifferentContexts() throws ExprException {
        Expr e = Expressions.parse("matrix.os == 'linux'");
        assertThat(Expressions.evaluate(e, EvalContext.of(Map.of("matrix", obj("os", "linux")))))
                .isEqualTo(Value.TRUE);
        assertThat(Expressions.evaluate(e, EvalContext.of(Map.of("MATRIX", obj("OS", "Windows")))))
                .isEqualTo(Value.FALSE);
    }

    @Test
    void errorBecomesDiagnosticAtShiftedColumn() {
        ExprException e = new ExprException("unexpected symbol ')'", 4);
        assertThat(e.diagnostic(new dev.slipway.common.SourceSpan("ci.yml", 3, 10))
                        .render())
                .isEqualTo("ci.yml:3:14: error: unexpected symbol ')'");
    }

    private static Value obj(String key, String value) {
        return Value.obj(Map.of(key, Value.of(value)));
    }
}
