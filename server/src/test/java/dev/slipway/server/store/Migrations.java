package dev.slipway.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The migrations shipped in {@code src/main/resources/db/migration}, so tests follow new ones without edits. */
final class Migrations {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private Migrations() {}

    /** The highest version, such as {@code "5"}. */
    static String latest() {
        return Long.toString(Arrays.stream(versions()).max().orElseThrow());
    }

    /** How many versioned migrations there are. */
    static int count() {
        return versions().length;
    }

    private static long[] versions() {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(p -> VERSIONED.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1)))
                    .toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
