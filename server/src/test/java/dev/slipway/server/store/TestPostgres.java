package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the {@code *IT} tests use: {@code SLIPWAY_TEST_POSTGRES} if set, else what
 * {@code scripts/postgres.sh} starts. Without one, the tests fail when {@code CI=true} and are skipped otherwise.
 */
final class TestPostgres {
    private static Optional<String> url;
    private static String problem = "";

    private TestPostgres() {}

    static synchronized String url() {
        if (url == null) {
            url = find();
        }
        if (url.isEmpty()) {
            var message = "no PostgreSQL for the *IT tests: " + problem
                    + " (set SLIPWAY_TEST_POSTGRES=postgresql://user:pass@host:port/db or make scripts/postgres.sh work)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return url.get();
    }

    private static Optional<String> find() {
        var env = System.getenv("SLIPWAY_TEST_POSTGRES");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.strip());
        }
        var script = locateScript();
        if (script.isEmpty()) {
            problem = "scripts/postgres.sh not found above " + Path.of("").toAbsolutePath();
            return Optional.empty();
        }
        try {
            var log = Files.createTempFile("slipway-postgres-", ".log");
            var process = new ProcessBuilder("bash", script.get().toString())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(log.toFile())
                    .start();
            var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                problem = "scripts/postgres.sh failed: " + Files.readString(log).strip();
                return Optional.empty();
            }
            var lines = out.lines().toList();
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
        } catch (IOException e) {
            problem = "cannot run scripts/postgres.sh: " + e.getMessage();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
            return Optional.empty();
        }
    }

    private static Optional<Path> locateScript() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            var candidate = dir.resolve("scripts").resolve("postgres.sh");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
