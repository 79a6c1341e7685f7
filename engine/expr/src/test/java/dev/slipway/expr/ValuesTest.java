package dev.slipway.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void numbersFormatLikeGitHub() {
        assertThat(Values.toStr(Value.of(1))).isEqualTo("1");
        assertThat(Values.toStr(Value.of(-0.0))).isEqualTo("0");
        assertThat(Values.toStr(Value.of(2.5))).isEqualTo("2.5");
        assertThat(Values.toStr(Value.of(0.1 + 0.2))).isEqualTo("0.3");
        assertThat(Values.toStr(Value.of(1e21))).isEqualTo("1E+21");
        assertThat(Values.toStr(Value.of(-1.5e-7))).isEqualTo("-1.5E-07");
        assertThat(Values.toStr(Value.of(999999999999999d))).isEqualTo("999999999999999");
        assertThat(Values.toStr(Value.of(Double.NaN))).isEqualTo("NaN");
        assertThat(Values.toStr(Value.of(Double.NEGATIVE_INFINITY))).isEqualTo("-Infinity");
    }

    @Test
    void stringsConvertToNumbersLikeJavaScript() {
        assertThat(Values.parseNumber("")).isZero();
        assertThat(Values.parseNumber("  12  ")).isEqualTo(12);
        assertThat(Values.parseNumber("0x1F")).isEqualTo(31);
        assertThat(Values.parseNumber("1e-1")).isEqualTo(0.1);
        assertThat(Values.parseNumber("-0x1")).isNaN();
        assertThat(Values.parseNumber("0x")).isNaN();
        assertThat(Values.parseNumber("1d")).isNaN();
        assertThat(Values.parseNumber("NaN")).isNaN();
        assertThat(Values.parseNumber("0x1p3")).isNaN();
        assertThat(Values.parseNumber("1_000")).isNaN();
    }

    @Test
    void otherKindsConvertToNumbersAndStrings() {
        assertThat(Values.toNumber(Value.NULL)).isZero();
        assertThat(Values.toNumber(Value.TRUE)).isEqualTo(1);
        assertThat(Values.toNumber(new Value.Arr(List.of()))).isNaN();
        assertThat(Values.toStr(Value.NULL)).isEmpty();
        assertThat(Values.toStr(Value.obj(Map.of()))).isEqualTo("Object");
    }

    @Test
    void truthinessFollowsGitHub() {
        assertThat(Values.truthy(Value.of(Double.NaN))).isFalse();
        assertThat(Values.truthy(Value.of(-0.0))).isFalse();
        assertThat(Values.truthy(Value.of(""))).isFalse();
        assertThat(Values.truthy(Value.of(" "))).isTrue();
        assertThat(Values.truthy(new Value.Arr(List.of()))).isTrue();
    }

    @Test
    void javaDataFromYamlBecomesValues() {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("name", "x");
        yaml.put("count", 3);
        yaml.put("flag", true);
        yaml.put("none", null);
        yaml.put("list", Arrays.asList(1L, "two", null));
        yaml.put("nested", Map.of("k", 1.5));
        Value v = Values.fromJava(yaml);
        assertThat(Values.toJson(v))
                .isEqualTo(
                        "{\n  \"name\": \"x\",\n  \"count\": 3,\n  \"flag\": true,\n  \"none\": null,\n  \"list\": [\n"
                                + "    1,\n    \"two\",\n    null\n  ],\n  \"nested\": {\n    \"k\": 1.5\n  }\n}");
        assertThat(Values.fromJava(null)).isEqualTo(Value.NULL);
        assertThat(Values.fromJava(java.time.LocalDate.of(2024, 1, 2))).isEqualTo(Value.of("2024-01-02"));
    }

    @Test
    void objectLookupIgnoresCaseButPrefersExactKey() {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("Path", Value.of("upper"));
        fields.put("path", Value.of("lower"));
        Value.Obj o = Value.obj(fields);
        assertThat(o.get("path")).contains(Value.of("lower"));
        assertThat(o.get("Path")).contains(Value.of("upper"));
        assertThat(o.get("PATH")).contains(Value.of("upper"));
        assertThat(o.get("missing")).isEmpty();
        assertThat(o.fields().keySet()).containsExactly("Path", "path");
    }

    @Test
    void objectsWithSameFieldsAreEqualRecords() {
        assertThat(Value.obj(Map.of("a", Value.TRUE)))
                .isEqualTo(Value.obj(new LinkedHashMap<>(Map.of("a", Value.TRUE))));
    }
}
