package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.expr.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatrixTest {

    private static Value v(String json) {
        return TestJson.parse(json);
    }

    private static String texts(Matrix.Expansion e) {
        return String.join(" ", e.combinations().stream().map(Json::text).toList());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "first dimension is outermost",
                        "{\"version\":[10,12],\"os\":[\"u\",\"w\"]}",
                        "{\"version\":10,\"os\":\"u\"} {\"version\":10,\"os\":\"w\"} {\"version\":12,\"os\":\"u\"}"
                                + " {\"version\":12,\"os\":\"w\"}"),
                Arguments.of(
                        "exclude matches partially",
                        "{\"os\":[\"m\",\"w\"],\"v\":[12,14,16],\"env\":[\"a\",\"b\"],"
                                + "\"exclude\":[{\"os\":\"m\",\"v\":12,\"env\":\"a\"},{\"os\":\"w\",\"v\":16}]}",
                        "{\"os\":\"m\",\"v\":12,\"env\":\"b\"} {\"os\":\"m\",\"v\":14,\"env\":\"a\"}"
                                + " {\"os\":\"m\",\"v\":14,\"env\":\"b\"} {\"os\":\"m\",\"v\":16,\"env\":\"a\"}"
                                + " {\"os\":\"m\",\"v\":16,\"env\":\"b\"} {\"os\":\"w\",\"v\":12,\"env\":\"a\"}"
                                + " {\"os\":\"w\",\"v\":12,\"env\":\"b\"} {\"os\":\"w\",\"v\":14,\"env\":\"a\"}"
                                + " {\"os\":\"w\",\"v\":14,\"env\":\"b\"}"),
                Arguments.of(
                        "documented include example",
                        "{\"fruit\":[\"apple\",\"pear\"],\"animal\":[\"cat\",\"dog\"],\"include\":["
                                + "{\"color\":\"green\"},{\"color\":\"pink\",\"animal\":\"cat\"},"
                                + "{\"fruit\":\"apple\",\"shape\":\"circle\"},{\"fruit\":\"banana\"},"
                                + "{\"fruit\":\"banana\",\"animal\":\"cat\"}]}",
                        "{\"fruit\":\"apple\",\"animal\":\"cat\",\"color\":\"pink\",\"shape\":\"circle\"}"
                                + " {\"fruit\":\"apple\",\"animal\":\"dog\",\"color\":\"green\",\"shape\":\"circle\"}"
                                + " {\"fruit\":\"pear\",\"animal\":\"cat\",\"color\":\"pink\"}"
                                + " {\"fruit\":\"pear\",\"animal\":\"dog\",\"color\":\"green\"}"
                                + " {\"fruit\":\"banana\"} {\"fruit\":\"banana\",\"animal\":\"cat\"}"),
                Arguments.of(
                        "include adds to one combination",
                        "{\"os\":[\"w\",\"u\"],\"node\":[14,16],\"include\":[{\"os\":\"w\",\"node\":16,\"npm\":6}]}",
                        "{\"os\":\"w\",\"node\":14} {\"os\":\"w\",\"node\":16,\"npm\":6} {\"os\":\"u\",\"node\":14}"
                                + " {\"os\":\"u\",\"node\":16}"),
                Arguments.of(
                        "include re-adds an excluded combination as new",
                        "{\"os\":[\"a\",\"b\"],\"exclude\":[{\"os\":\"b\"}],\"include\":[{\"os\":\"b\",\"x\":1}]}",
                        "{\"os\":\"a\"} {\"os\":\"b\",\"x\":1}"),
                Arguments.of(
                        "include-only matrix makes one combination per entry",
                        "{\"include\":[{\"site\":\"prod\",\"dc\":1},{\"site\":\"dev\"}]}",
                        "{\"site\":\"prod\",\"dc\":1} {\"site\":\"dev\"}"),
                Arguments.of(
                        "object values compare whole",
                        "{\"cfg\":[{\"a\":1},{\"a\":2}],\"exclude\":[{\"cfg\":{\"a\":2}}]}",
                        "{\"cfg\":{\"a\":1}}"),
                Arguments.of(
                        "an exclude matches object values partially (zlib's c-std.yml)",
                        "{\"os\":[{\"name\":\"Linux\",\"value\":\"ubuntu-latest\"},"
                                + "{\"name\":\"MacOS\",\"value\":\"macos-latest\"}],"
                                + "\"arch\":[{\"name\":\"64-bit\",\"tag\":\"amd64\"},{\"name\":\"32-bit\",\"tag\":\"i386\"}],"
                                + "\"exclude\":[{\"os\":{\"name\":\"MacOS\"},\"arch\":{\"tag\":\"i386\"}}]}",
                        "{\"os\":{\"name\":\"Linux\",\"value\":\"ubuntu-latest\"},\"arch\":{\"name\":\"64-bit\",\"tag\":\"amd64\"}}"
                                + " {\"os\":{\"name\":\"Linux\",\"value\":\"ubuntu-latest\"},"
                                + "\"arch\":{\"name\":\"32-bit\",\"tag\":\"i386\"}}"
                                + " {\"os\":{\"name\":\"MacOS\",\"value\":\"macos-latest\"},"
                                + "\"arch\":{\"name\":\"64-bit\",\"tag\":\"amd64\"}}"),
                Arguments.of(
                        "an exclude compares as the expression language's == does: case and type loosely",
                        "{\"os\":[\"Ubuntu-Latest\",\"windows\"],\"v\":[2,3],"
                                + "\"exclude\":[{\"os\":\"ubuntu-latest\",\"v\":\"2\"}]}",
                        "{\"os\":\"Ubuntu-Latest\",\"v\":3} {\"os\":\"windows\",\"v\":2} {\"os\":\"windows\",\"v\":3}"),
                Arguments.of(
                        "an exclude's keys are the matrix's whatever their case (astro's ci.yml)",
                        "{\"OS\":[\"ubuntu\",\"macos\"],\"node\":[22,24],\"exclude\":[{\"os\":\"macos\",\"node\":22}]}",
                        "{\"OS\":\"ubuntu\",\"node\":22} {\"OS\":\"ubuntu\",\"node\":24} {\"OS\":\"macos\",\"node\":24}"),
                Arguments.of(
                        "an exclude follows arrays by position",
                        "{\"pair\":[[1,2],[1,3]],\"exclude\":[{\"pair\":[1,3]}]}",
                        "{\"pair\":[1,2]}"),
                Arguments.of(
                        "added values can be overwritten by later includes",
                        "{\"os\":[\"u\"],\"include\":[{\"c\":\"x\"},{\"c\":\"y\"}]}",
                        "{\"os\":\"u\",\"c\":\"y\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expandsLikeGithub(String title, String matrix, String expected) {
        Matrix.Expansion e = Matrix.expand(v(matrix));
        assertThat(e.errors()).isEmpty();
        assertThat(texts(e)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("\"x\"", "matrix must be an object, got string"),
                Arguments.of("{\"os\":\"u\"}", "matrix vector 'os' must be an array, got string"),
                Arguments.of("{\"os\":[]}", "matrix vector 'os' does not contain any values"),
                Arguments.of("{}", "matrix must define at least one vector or include entry"),
                Arguments.of("{\"os\":[1],\"exclude\":[{\"cpu\":1}]}", "matrix exclude key 'cpu' does not match"),
                Arguments.of("{\"os\":[1],\"include\":{\"a\":1}}", "matrix include must be an array of objects"),
                Arguments.of("{\"os\":[1],\"include\":[1]}", "matrix include entries must be objects, got number"),
                Arguments.of("{\"os\":[1],\"exclude\":[{\"os\":1}]}", "no combinations left"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejectsInvalidMatrices(String matrix, String message) {
        Matrix.Expansion e = Matrix.expand(v(matrix));
        assertThat(e.ok()).isFalse();
        assertThat(e.combinations()).isEmpty();
        assertThat(e.errors()).singleElement().asString().contains(message);
    }

    private static Value numbers(int n) {
        List<Value> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(Value.of(i));
        }
        return new Value.Arr(items);
    }

    @Test
    void allows256CombinationsQuickly() {
        Value m = Json.obj("a", numbers(16), "b", numbers(16));
        long start = System.nanoTime();
        Matrix.Expansion e = Matrix.expand(m);
        assertThat(e.combinations()).hasSize(256);
        assertThat(System.nanoTime() - start).isLessThan(500_000_000L);
    }

    @Test
    void rejects257Combinations() {
        Value m = Json.obj("a", numbers(16), "b", numbers(16), "include", List.of(Json.obj("a", 99)));
        assertThat(Matrix.expand(m).errors()).containsExactly("matrix has 257 combinations; at most 256 are allowed");
    }

    @Test
    void rejectsHugeProductsWithoutBuildingThem() {
        Value m = Json.obj("a", numbers(1000), "b", numbers(1000), "c", numbers(1000));
        assertThat(Matrix.expand(m).errors()).singleElement().asString().contains("at most 256");
    }

    @Test
    void excludeCanBringLargeProductUnderTheLimit() {
        Value m = Json.obj("a", numbers(20), "b", numbers(20), "exclude", List.of(Json.obj("a", 0)));
        assertThat(Matrix.expand(m).errors()).singleElement().asString().contains("380 combinations");
        Value small = Json.obj("a", numbers(2), "b", numbers(200), "exclude", List.of(Json.obj("a", 0)));
        assertThat(Matrix.expand(small).combinations()).hasSize(200);
    }
}
