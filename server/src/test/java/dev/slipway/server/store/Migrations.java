package dev.slipway.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** The newest migration in the source tree, which a freshly migrated database must report. */
final class Migrations {
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    private Migrations() {}

    /** The highest version, such as {@code "6"}. */
    static String latest() {
        return String.valueOf(versions().max().orElseThrow());
    }

    /** How many versioned migrations there are. */
    static int count() {
        return (int) versions().count();
    }

    private static IntStream versions() {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            var found = files.map(f -> VERSION.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .toArray();
            return IntStream.of(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
