package dev.slipway.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final EvalContext CTX = EvalContext.of(Map.of(
            "matrix", Value.obj(Map.of("os", Value.of("linux"))), "github", Value.obj(Map.of("sha", Value.of("f00")))));

    @Test
    void textWithoutExpressionsIsLiteral() throws ExprException {
        Template t = Template.parse("just text {{ }} $ {");
        assertThat(t.isLiteral()).isTrue();
        assertThat(t.expressions()).isEmpty();
        assertThat(t.render(CTX)).isEqualTo("just text {{ }} $ {");
        assertThat(t.toExpr()).isEqualTo(new Expr.Literal(Value.of("just text {{ }} $ {"), 0));
    }

    @Test
    void expressionOffsetsAreRelativeToRawText() throws ExprException {
        Template t = Template.parse("os=${{ matrix.os }} sha=${{ github.sha }}");
        assertThat(t.isLiteral()).isFalse();
        assertThat(t.expressions()).hasSize(2);
        assertThat(((Expr.Index) t.expressions().get(0)).target().offset()).isEqualTo(7);
        assertThat(((Expr.Index) t.expressions().get(1)).target().offset()).isEqualTo(28);
    }

    @Test
    void mixedTemplateBecomesFormatCallWithEscapedBraces() throws ExprException {
        Template t = Template.parse("{x} ${{ matrix.os }}-${{ github.sha }}");
        Expr.Call call = (Expr.Call) t.toExpr();
        assertThat(call.function()).isEqualTo(Builtin.FORMAT);
        assertThat(call.args().get(0)).isEqualTo(new Expr.Literal(Value.of("{{x}} {0}-{1}"), 0));
        assertThat(Expressions.evaluate(call, CTX)).isEqualTo(Value.of(t.render(CTX)));
        assertThat(t.render(CTX)).isEqualTo("{x} linux-f00");
    }

    @Test
    void singleExpressionKeepsItsType() throws ExprException {
        Template t = Template.parse("${{ fromJSON('[1,2]') }}");
        assertThat(t.isSingleExpression()).isTrue();
        assertThat(t.evaluate(CTX)).isEqualTo(new Value.Arr(List.of(Value.of(1), Value.of(2))));
        assertThat(t.render(CTX)).isEqualTo("Array");
    }

    @Test
    void multiLineScriptIsInterpolatedLineByLine() throws ExprException {
        Template t = Template.parse("echo ${{ matrix.os }}\necho '${{ github.sha }}'\n");
        assertThat(t.render(CTX)).isEqualTo("echo linux\necho 'f00'\n");
    }
}
