package dev.slipway.executor.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The supported subset of {@code docker create} options, parsed from a {@code container.options} or service {@code
 * options} string.
 */
record ContainerOptions(
        Health health,
        Optional<Long> nanoCpus,
        Optional<Long> memoryBytes,
        Optional<String> user,
        Optional<String> workdir,
        Optional<String> entrypoint,
        Map<String, String> env,
        boolean privileged,
        List<String> networkAliases) {

    static final Set<String> SUPPORTED = Set.of(
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
            "--privileged",
            "--network-alias");

    ContainerOptions {
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        networkAliases = List.copyOf(networkAliases);
    }

    /**
     * The {@code --health-*} options; all empty means the image's own health check (if any) applies.
     *
     * @param command the {@code --health-cmd}, run with {@code sh -c}
     */
    record Health(
            Optional<String> command,
            Optional<Duration> interval,
            Optional<Duration> timeout,
            Optional<Integer> retries,
            Optional<Duration> startPeriod) {
        static final Health NONE =
                new Health(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ContainerOptions none() {
        return new ContainerOptions(
                Health.NONE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                false,
                List.of());
    }

    /**
     * Parses {@code text} like a shell would split it.
     *
     * @throws IllegalArgumentException naming the unsupported or malformed option
     */
    static ContainerOptions parse(String text) {
        List<String> words = ShellWords.split(text);
        Builder b = new Builder();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String name = word;
            Optional<String> inline = Optional.empty();
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                name = word.substring(0, eq);
                inline = Optional.of(word.substring(eq + 1));
            }
            if (!SUPPORTED.contains(name)) {
                throw new IllegalArgumentException("unsupported container option '" + word + "' (supported: "
                        + String.join(" ", SUPPORTED.stream().sorted().toList()) + ")");
            }
            if (name.equals("--privileged")) {
                b.privileged = inline.map(Boolean::parseBoolean).orElse(true);
                continue;
            }
            String value;
            if (inline.isPresent()) {
                value = inline.get();
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new IllegalArgumentException("container option " + name + " needs a value");
            }
            b.set(name, value);
        }
        return b.build();
    }

    private static final class Builder {
        Optional<String> healthCmd = Optional.empty();
        Optional<Duration> interval = Optional.empty();
        Optional<Duration> timeout = Optional.empty();
        Optional<Integer> retries = Optional.empty();
        Optional<Duration> startPeriod = Optional.empty();
        Optional<Long> nanoCpus = Optional.empty();
        Optional<Long> memory = Optional.empty();
        Optional<String> user = Optional.empty();
        Optional<String> workdir = Optional.empty();
        Optional<String> entrypoint = Optional.empty();
        final Map<String, String> env = new LinkedHashMap<>();
        boolean privileged;
        final List<String> aliases = new ArrayList<>();

        void set(String name, String value) {
            switch (name) {
                case "--health-cmd" -> healthCmd = Optional.of(value);
                case "--health-interval" -> interval = Optional.of(Units.duration(value));
                case "--health-timeout" -> timeout = Optional.of(Units.duration(value));
                case "--health-retries" -> retries = Optional.of(positive(name, value));
                case "--health-start-period" -> startPeriod = Optional.of(Units.duration(value));
                case "--cpus" -> nanoCpus = Optional.of(Units.nanoCpus(value));
                case "--memory", "-m" -> memory = Optional.of(Units.bytes(value));
                case "--user", "-u" -> user = Optional.of(value);
                case "--workdir", "-w" -> workdir = Optional.of(value);
                case "--entrypoint" -> entrypoint = Optional.of(value);
                case "--network-alias" -> aliases.add(value);
                default -> env(value);
            }
        }

        private void env(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-e " + value + " has no value; write NAME=value (the runner's own"
                        + " environment is not passed to containers)");
            }
            env.put(value.substring(0, eq), value.substring(eq + 1));
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " needs a positive number, not '" + value + "'");
        }

        ContainerOptions build() {
            return new ContainerOptions(
                    new Health(healthCmd, interval, timeout, retries, startPeriod),
                    nanoCpus,
                    memory,
                    user,
                    workdir,
                    entrypoint,
                    env,
                    privileged,
                    aliases);
        }
    }
}
