package dev.slipway.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL of the {@code *IT} tests: {@code SLIPWAY_TEST_POSTGRES}, else what {@code scripts/postgres.sh}
 * prints. Without one the tests fail when {@code CI=true} and are skipped otherwise.
 */
final class Postgres {
    private Postgres() {}

    /** The URL with a new {@code currentSchema}, which the server's migrations create. */
    static String freshSchema() {
        var url = url();
        var schema =
                "t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String url() {
        var env = System.getenv("SLIPWAY_TEST_POSTGRES");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        String problem;
        var script = script();
        if (script.isEmpty()) {
            problem = "scripts/postgres.sh not found";
        } else {
            try {
                var p = new ProcessBuilder("bash", script.get().toString())
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile()))
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0 && !out.isEmpty()) {
                    return out.lines().reduce((a, b) -> b).orElseThrow();
                }
                problem = "scripts/postgres.sh failed";
            } catch (IOException e) {
                problem = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted";
            }
        }
        var message = "no PostgreSQL for the tests: " + problem + " (set SLIPWAY_TEST_POSTGRES)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError(message);
    }

    private static Optional<Path> script() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            var candidate = dir.resolve("scripts/postgres.sh");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
