package dev.slipway.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code GITHUB_ENV}, {@code GITHUB_OUTPUT} and {@code GITHUB_STATE} files: {@code NAME=value} lines and
 * multi-line {@code NAME<<DELIMITER} ... {@code DELIMITER} blocks.
 */
final class EnvFileParser {
    private EnvFileParser() {}

    /** The name-value pairs of {@code content}, later ones winning; or an error message. */
    static Parsed parse(String content) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = content.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            int heredoc = line.indexOf("<<");
            if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
                String name = line.substring(0, eq);
                if (name.isEmpty()) {
                    return Parsed.error("Invalid format '" + line + "': the name is empty");
                }
                values.put(name, line.substring(eq + 1));
            } else if (heredoc >= 0) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                if (name.isEmpty() || delimiter.isEmpty()) {
                    return Parsed.error("Invalid format '" + line + "': name and delimiter must not be empty");
                }
                List<String> body = new ArrayList<>();
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).equals(delimiter)) {
                    body.add(lines.get(j));
                    j++;
                }
                if (j >= lines.size()) {
                    return Parsed.error("Matching delimiter not found '" + delimiter + "'");
                }
                values.put(name, String.join("\n", body));
                i = j;
            } else {
                return Parsed.error("Invalid format '" + line + "'");
            }
        }
        return new Parsed(values, java.util.Optional.empty());
    }

    /** Parsed values, or the first error. */
    record Parsed(Map<String, String> values, java.util.Optional<String> error) {
        static Parsed error(String message) {
            return new Parsed(Map.of(), java.util.Optional.of(message));
        }
    }
}
