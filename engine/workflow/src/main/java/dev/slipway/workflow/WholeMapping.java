package dev.slipway.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * A mapping given as one expression ({@code env: ${{ matrix.env }}}, {@code with: ${{ fromJSON(steps.s.outputs.o)
 * }}}), as GitHub accepts wherever a mapping may hold expressions: the parsed map holds the expression under a key no
 * YAML key can be (it contains a NUL character), and the runtime evaluates it to the mapping.
 */
public final class WholeMapping {
    /** The key under which the expression is kept. */
    public static final String KEY = "\u0000expression";

    private WholeMapping() {}

    /** The expression {@code map} stands for, when it is one. */
    public static Optional<String> expression(Map<String, String> map) {
        return map.size() == 1 ? Optional.ofNullable(map.get(KEY)) : Optional.empty();
    }

    /** Whether {@code text} is one expression and nothing else. */
    static boolean isExpression(String text) {
        String t = text.strip();
        return t.startsWith("${{") && t.endsWith("}}") && t.indexOf("${{", 3) < 0;
    }
}
