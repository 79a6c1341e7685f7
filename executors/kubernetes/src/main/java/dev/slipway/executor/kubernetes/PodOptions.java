package dev.slipway.executor.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code docker create} options of a {@code container.options} or service {@code options} string that have a
 * meaning in a pod: health checks become a readiness probe, {@code --cpus}/{@code --memory} resource limits, {@code
 * --user} the security context's user and group. Anything else is refused with the list of what is supported, rather
 * than silently dropped.
 *
 * @param healthCmd {@code --health-cmd}, run as {@code sh -c}
 * @param healthIntervalSeconds {@code --health-interval}, whole seconds (a probe's period), at least 1
 * @param user {@code --user} as {@code uid[:gid]}, numeric: a pod cannot name users
 */
record PodOptions(
        Optional<String> healthCmd,
        Optional<Integer> healthIntervalSeconds,
        Optional<Integer> healthTimeoutSeconds,
        Optional<Integer> healthRetries,
        Optional<Integer> healthStartSeconds,
        Optional<String> cpus,
        Optional<String> memory,
        Optional<Long> user,
        Optional<Long> group,
        Optional<String> workdir,
        Optional<String> entrypoint,
        Map<String, String> env,
        boolean privileged) {

    static final Set<String> SUPPORTED = new TreeSet<>(List.of(
            "--health-cmd",
            "--health-interval",
            "--health-timeout",
            "--health-retries",
            "--health-start-period",
            "--cpus",
            "--memory",
            "-m",
            "--user",
            "-u",
            "--workdir",
            "-w",
            "--entrypoint",
            "--env",
            "-e",
            "--privileged"));

    PodOptions {
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    static PodOptions none() {
        return parse("");
    }

    /**
     * Parses {@code text}, split into words as a shell would.
     *
     * @throws IllegalArgumentException naming the unsupported or malformed option
     */
    static PodOptions parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        boolean privileged = false;
        List<String> words = words(text);
        for (int i = 0; i < words.size(); i++) {
            String name = words.get(i);
            Optional<String> value = Optional.empty();
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = Optional.of(name.substring(eq + 1));
                name = name.substring(0, eq);
            }
            if (!SUPPORTED.contains(name)) {
                throw new IllegalArgumentException("unsupported container option '" + words.get(i)
                        + "' for a pod (supported: " + String.join(" ", SUPPORTED) + ")");
            }
            if (name.equals("--privileged")) {
                privileged = value.map(Boolean::parseBoolean).orElse(true);
                continue;
            }
            if (value.isEmpty()) {
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException("container option " + name + " needs a value");
                }
                value = Optional.of(words.get(++i));
            }
            String v = value.get();
            switch (name) {
                case "-e", "--env" -> {
                    int at = v.indexOf('=');
                    if (at <= 0) {
                        throw new IllegalArgumentException(name + " " + v + " has no value; write NAME=value");
                    }
                    env.put(v.substring(0, at), v.substring(at + 1));
                }
                case "-m" -> values.put("--memory", v);
                case "-u" -> values.put("--user", v);
                case "-w" -> values.put("--workdir", v);
                default -> values.put(name, v);
            }
        }
        Optional<String> user = Optional.ofNullable(values.get("--user"));
        return new PodOptions(
                Optional.ofNullable(values.get("--health-cmd")),
                seconds(values, "--health-interval"),
                seconds(values, "--health-timeout"),
                Optional.ofNullable(values.get("--health-retries")).map(r -> positive("--health-retries", r)),
                seconds(values, "--health-start-period"),
                Optional.ofNullable(values.get("--cpus")),
                Optional.ofNullable(values.get("--memory")).map(PodOptions::quantity),
                user.map(u -> id("--user", u.split(":", 2)[0])),
                user.filter(u -> u.contains(":")).map(u -> id("--user", u.split(":", 2)[1])),
                Optional.ofNullable(values.get("--workdir")),
                Optional.ofNullable(values.get("--entrypoint")),
                env,
                privileged);
    }

    /** Docker's {@code 512m}, {@code 1g} as a Kubernetes quantity ({@code 512Mi}, {@code 1Gi}); others as written. */
    static String quantity(String docker) {
        if (docker.matches("\\d+[bkmgBKMG]")) {
            char unit = Character.toLowerCase(docker.charAt(docker.length() - 1));
            String n = docker.substring(0, docker.length() - 1);
            return switch (unit) {
                case 'k' -> n + "Ki";
                case 'm' -> n + "Mi";
                case 'g' -> n + "Gi";
                default -> n;
            };
        }
        return docker;
    }

    private static Optional<Integer> seconds(Map<String, String> values, String name) {
        return Optional.ofNullable(values.get(name)).map(v -> {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(v);
            if (!m.matches()) {
                throw new IllegalArgumentException(name + " needs a duration such as 10s, not '" + v + "'");
            }
            long n = Long.parseLong(m.group(1));
            String unit = Optional.ofNullable(m.group(2)).orElse("s");
            long s = switch (unit) {
                case "ms" -> (n + 999) / 1000;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                default -> n;
            };
            return (int) Math.max(1, Math.min(s, Integer.MAX_VALUE));
        });
    }

    private static int positive(String name, String v) {
        if (!v.matches("[1-9]\\d{0,8}")) {
            throw new IllegalArgumentException(name + " needs a positive number, not '" + v + "'");
        }
        return Integer.parseInt(v);
    }

    private static long id(String name, String v) {
        if (!v.matches("\\d{1,10}")) {
            throw new IllegalArgumentException(
                    name + " must be numeric in a pod (uid[:gid]), not '" + v + "': pods cannot name users");
        }
        return Long.parseLong(v);
    }

    /** Splits {@code text} into words: blanks separate, single and double quotes group, backslash escapes. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote + " quote in container options");
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
