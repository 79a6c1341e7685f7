package dev.slipway.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads {@code vectors/*.txt}: lines {@code input => expected}, where expected is a value in compact JSON (plus
 * {@code NaN} and {@code Infinity}) or {@code !error <message part> [@offset]}. Directives {@code @mode expr|template
 * |condition} and {@code @status success|failure|cancelled} apply to the lines after them.
 */
class VectorsTest {
    private static final String[] FILES = {
        "literals", "operators", "coercion", "access", "functions", "errors", "templates", "conditions"
    };
    private static final Value CONTEXTS = load();

    record Vector(String file, int line, String mode, JobStatus status, String input, String expected) {
        @Override
        public String toString() {
            return file + ":" + line + " [" + mode + "," + status + "] " + input;
        }
    }

    static Stream<Vector> vectors() throws IOException {
        List<Vector> all = new ArrayList<>();
        for (String file : FILES) {
            String mode = "expr";
            JobStatus status = JobStatus.SUCCESS;
            List<String> lines = resource("vectors/" + file + ".txt").lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("@mode ")) {
                    mode = line.substring(6).strip();
                } else if (line.startsWith("@status ")) {
                    status = JobStatus.valueOf(line.substring(8).strip().toUpperCase(java.util.Locale.ROOT));
                } else {
                    int sep = line.indexOf(" => ");
                    if (sep < 0) {
                        fail(file + ":" + (i + 1) + ": no ' => ' in " + line);
                    }
                    all.add(new Vector(file, i + 1, mode, status, line.substring(0, sep), line.substring(sep + 4)));
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(300);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorEvaluatesAsExpected(Vector v) {
        EvalContext ctx = EvalContext.builder()
                .contexts(((Value.Obj) CONTEXTS).fields())
                .jobStatus(v.status())
                .build();
        if (v.expected().startsWith("!error ")) {
            String spec = v.expected().substring(7);
            int at = spec.lastIndexOf(" @");
            String message = at < 0 ? spec : spec.substring(0, at);
            assertThatThrownBy(() -> run(v, ctx))
                    .isInstanceOf(ExprException.class)
                    .hasMessageContaining(message)
                    .satisfies(e -> {
                        if (at >= 0) {
                            assertThat(((ExprException) e).offset())
                                    .as("offset")
                                    .isEqualTo(Integer.parseInt(spec.substring(at + 2)));
                        }
                    });
        } else {
            try {
                assertThat(render(run(v, ctx))).isEqualTo(v.expected());
            } catch (ExprException e) {
                fail("unexpected error at " + e.offset() + ": " + e.getMessage());
            }
        }
    }

    private static Value run(Vector v, EvalContext ctx) throws ExprException {
        return switch (v.mode()) {
            case "expr" -> Expressions.evaluate(v.input(), ctx);
            case "template" -> Template.parse(v.input()).evaluate(ctx);
            case "condition" -> Value.of(Conditions.evaluate(v.input(), ctx));
            default -> throw new IllegalArgumentException("unknown mode " + v.mode());
        };
    }

    /** Compact JSON with GitHub number formatting, so that {@code 1} and {@code 1.0} read the same. */
    static String render(Value v) {
        return switch (v) {
            case Value.Null n -> "null";
            case Value.Bool b -> Boolean.toString(b.value());
            case Value.Num n -> Values.formatNumber(n.value());
            case Value.Str s -> quote(s.value());
            case Value.Arr a -> {
                List<String> items = new ArrayList<>();
                a.items().forEach(i -> items.add(render(i)));
                yield "[" + String.join(",", items) + "]";
            }
            case Value.Obj o -> {
                List<String> items = new ArrayList<>();
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    items.add(quote(e.getKey()) + ":" + render(e.getValue()));
                }
                yield "{" + String.join(",", items) + "}";
            }
        };
    }

    private static String quote(String s) {
        return "\""
                + s.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\t", "\\t") + "\"";
    }

    private static Value load() {
        try {
            return Values.fromJson(resource("vectors/context.json"));
        } catch (IOException | ExprException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = VectorsTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
