package dev.slipway.expr;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The functions of the expression language, with their argument counts. Names are matched ignoring case. */
public enum Builtin {
    /** {@code case(pred1, value1, ..., default)}: GitHub's runner since December 2025; an odd count is checked too. */
    CASE("case", 3, 255),
    CONTAINS("contains", 2, 2),
    STARTS_WITH("startsWith", 2, 2),
    ENDS_WITH("endsWith", 2, 2),
    FORMAT("format", 1, 255),
    JOIN("join", 1, 2),
    TO_JSON("toJSON", 1, 1),
    FROM_JSON("fromJSON", 1, 1),
    HASH_FILES("hashFiles", 1, 255),
    SUCCESS("success", 0, 0),
    ALWAYS("always", 0, 0),
    CANCELLED("cancelled", 0, 0),
    FAILURE("failure", 0, 0);

    private static final Map<String, Builtin> BY_NAME = new HashMap<>();

    static {
        for (Builtin b : values()) {
            BY_NAME.put(b.displayName.toLowerCase(Locale.ROOT), b);
        }
    }

    private final String displayName;
    private final int minArgs;
    private final int maxArgs;

    Builtin(String displayName, int minArgs, int maxArgs) {
        this.displayName = displayName;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    /** The function's name as GitHub documents it, e.g. {@code startsWith}. */
    public String displayName() {
        return displayName;
    }

    public int minArgs() {
        return minArgs;
    }

    public int maxArgs() {
        return maxArgs;
    }

    /** Whether this is one of the job status functions that suppress the implicit {@code success()} of {@code if:}. */
    public boolean isStatus() {
        return this == SUCCESS || this == ALWAYS || this == CANCELLED || this == FAILURE;
    }

    /** The function named {@code name}, ignoring case. */
    public static Optional<Builtin> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
