package dev.slipway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.Diagnostic;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs each {@code golden/lint/NAME.yml} through the parser and compares the rendered diagnostics with
 * {@code NAME.expected}. Files named {@code action-*.yml} are parsed as actions. Run with
 * {@code -Dgolden.update=true} to rewrite the expected files from the current output (then review the diff).
 */
class GoldenLintTest {
    private static final Path SOURCES = Paths.get("src/test/resources/golden/lint");

    @TestFactory
    Stream<DynamicTest> eachWorkflowYieldsExactlyTheExpectedDiagnostics() throws Exception {
        return cases().map(yml -> DynamicTest.dynamicTest(yml.getFileName().toString(), () -> check(yml)));
    }

    @Test
    void thereAreAtLeastFortyGoldenCases() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    private static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Paths.get(GoldenLintTest.class.getResource("/golden/lint").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
        }
    }

    private static void check(Path yml) throws IOException {
        String name = yml.getFileName().toString();
        String text = Files.readString(yml, StandardCharsets.UTF_8);
        List<Diagnostic> diagnostics = name.startsWith("action-")
                ? ActionParser.parse(name, text).diagnostics()
                : WorkflowParser.parse(name, text).diagnostics();
        String actual = diagnostics.stream().map(d -> d.render() + "\n").collect(Collectors.joining());
        String base = name.substring(0, name.length() - ".yml".length());
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(SOURCES.resolve(base + ".expected"), actual, StandardCharsets.UTF_8);
            return;
        }
        Path expected = yml.resolveSibling(base + ".expected");
        assertThat(expected).as("expected file for " + name).exists();
        assertThat(actual).as(name).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }
}
