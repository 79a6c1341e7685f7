package dev.slipway.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow command found in a step's output: {@code ::name key=value,key2=value2::data}. Properties and data are
 * unescaped ({@code %25 %0D %0A}, and in properties also {@code %3A %2C}).
 */
record WorkflowCommand(String name, Map<String, String> properties, String data) {

    /** The command on {@code line}, or empty when the line is ordinary output. */
    static Optional<WorkflowCommand> parse(String line) {
        String s = line.stripLeading();
        if (!s.startsWith("::")) {
            return Optional.empty();
        }
        int end = s.indexOf("::", 2);
        if (end < 0) {
            return Optional.empty();
        }
        String head = s.substring(2, end);
        String data = s.substring(end + 2);
        int space = head.indexOf(' ');
        String name = (space < 0 ? head : head.substring(0, space)).toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (space >= 0) {
            for (String pair : head.substring(space + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    props.put(pair.substring(0, eq).strip(), unescapeProperty(pair.substring(eq + 1)));
                }
            }
        }
        return Optional.of(new WorkflowCommand(name, props, unescapeData(data)));
    }

    Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    static String unescapeData(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
    }

    static String unescapeProperty(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return s.replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%25", "%");
    }
}
