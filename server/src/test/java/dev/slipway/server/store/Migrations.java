package dev.slipway.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flyway migrations of the server module's sources, so tests expect the latest version without naming it (tests
 * run with the module directory as working directory, under surefire and failsafe alike).
 */
final class Migrations {
    private static final Path DIR = Path.of("src/main/resources/db/migration");
    private static final Pattern NAME = Pattern.compile("V(\\d+)__.*\\.sql");

    private Migrations() {}

    /** The versions of {@code V<n>__*.sql}, ascending. */
    static List<Integer> versions() {
        try (var files = Files.list(DIR)) {
            return files.map(f -> NAME.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DIR.toAbsolutePath(), e);
        }
    }

    /** The newest version as {@link Database#schemaVersion()} reports it. */
    static String latest() {
        return String.valueOf(versions().getLast());
    }
}
