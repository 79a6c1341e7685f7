package dev.slipway.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JsonPropertiesTest {

    @Property(tries = 150)
    void toJsonThenFromJsonGivesTheSameValue(@ForAll("values") Value v) throws ExprException {
        assertThat(Values.fromJson(Values.toJson(v))).isEqualTo(v);
    }

    @Property(tries = 100)
    void toJsonIsValidJsonForJackson(@ForAll("values") Value v) throws Exception {
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(Values.toJson(v));
    }

    @Property(tries = 300)
    void numberToStringParsesBackToNearlyTheSameNumber(
            @ForAll @net.jqwik.api.constraints.DoubleRange(min = -1e300, max = 1e300) double d) {
        String s = Values.toStr(Value.of(d));
        double back = Values.parseNumber(s.replace("E+", "e").replace("E", "e"));
        assertThat(back).isCloseTo(d, org.assertj.core.data.Percentage.withPercentage(1e-12));
    }

    @Property(tries = 300)
    void looseEqualityIsSymmetric(@ForAll("values") Value a, @ForAll("values") Value b) {
        assertThat(Evaluator.looseEquals(a, b)).isEqualTo(Evaluator.looseEquals(b, a));
    }

    @Provide
    Arbitrary<Value> values() {
        return value(2);
    }

    private Arbitrary<Value> value(int depth) {
        Arbitrary<Value> leaf = Arbitraries.oneOf(
                Arbitraries.just(Value.NULL),
                Arbitraries.of(Value.TRUE, Value.FALSE),
                Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> Value.of(i)),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3).map(d -> Value.of(d.doubleValue())),
                Arbitraries.strings().all().ofMaxLength(8).map(Value::of));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Value> child = value(depth - 1);
        Arbitrary<Value> arr = child.list().ofMaxSize(4).map(items -> (Value) new Value.Arr(items));
        Arbitrary<Value> obj = Arbitraries.maps(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), child)
                .ofMaxSize(4)
                .map(m -> (Value) Value.obj(new LinkedHashMap<>(m)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, arr), net.jqwik.api.Tuple.of(1, obj));
    }
}
