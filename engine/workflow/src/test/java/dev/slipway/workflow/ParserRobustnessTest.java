package dev.slipway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Whatever text a workflow or action file holds, the parser answers with diagnostics that name a line and a column, or
 * with a model: it never throws. The inputs are the golden lint files with random edits of the kinds a person typing
 * makes (characters and YAML punctuation inserted, ranges cut or doubled, lines dropped or indented, a value replaced
 * by one of another type, the file cut short).
 */
class ParserRobustnessTest {
    private static final List<String> SEEDS = seeds();
    private static final List<String> TOKENS = List.of(
            ":",
            " ",
            "\n",
            "- ",
            "{",
            "}",
            "[",
            "]",
            ",",
            "'",
            "\"",
            "&a ",
            "*a",
            "!!str ",
            "!!binary ",
            "|",
            ">",
            "#",
            "\t",
            "${{",
            "}}",
            "${{ ",
            " }}",
            "||",
            "&&",
            "!",
            "(",
            ")",
            "needs",
            "matrix",
            "if",
            "on",
            "jobs",
            "steps",
            "uses",
            "run",
            "with",
            "env",
            "true",
            "null",
            "~",
            "0x1f",
            "1e400",
            "-1",
            "''",
            "<<: *a",
            "? ",
            "%YAML 1.2\n",
            "---\n",
            "...\n",
            "é",
            "\uD83D\uDE80",
            "fromJSON(",
            "format('{0}', ",
            "github.event.",
            "*",
            ".",
            "[0]",
            "\\",
            "\r",
            "\u0000",
            "\uFEFF");
    private static final List<String> VALUES = List.of(
            "[]",
            "{}",
            "~",
            "true",
            "42",
            "-3.5",
            "'x'",
            "[a, b]",
            "{a: 1}",
            "${{ matrix.x }}",
            "${{ fromJSON('[1,2]') }}",
            "|\n  x",
            "${{ }}",
            "${{ a == }}",
            "${{ github.event.x[*] }}",
            "*undefined");

    /** An edit of a file: its kind and three random numbers it takes positions, lengths and choices from. */
    record Edit(int kind, int a, int b, int c) {
        String apply(String s) {
            if (s.isEmpty()) {
                return TOKENS.get(c % TOKENS.size());
            }
            int p = a % (s.length() + 1);
            List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
            int line = a % lines.size();
            return switch (kind) {
                case 0 -> s.substring(0, p) + s.substring(Math.min(s.length(), p + b % 20));
                case 1 -> s.substring(0, p) + TOKENS.get(c % TOKENS.size()) + s.substring(p);
                case 2 -> {
                    int q = Math.min(s.length(), p + b % 60);
                    yield s.substring(0, q) + s.substring(p, q) + s.substring(q);
                }
                case 3 -> {
                    lines.remove(line);
                    yield String.join("\n", lines);
                }
                case 4 -> {
                    lines.set(line, "  " + lines.get(line));
                    yield String.join("\n", lines);
                }
                case 5 -> {
                    String l = lines.get(line);
                    lines.set(line, l.startsWith("  ") ? l.substring(2) : l);
                    yield String.join("\n", lines);
                }
                case 6 -> {
                    String[] other = SEEDS.get(c % SEEDS.size()).split("\n");
                    int from = b % other.length;
                    lines.addAll(line, Arrays.asList(other).subList(from, Math.min(other.length, from + 1 + c % 8)));
                    yield String.join("\n", lines);
                }
                case 7 -> {
                    int colon = s.indexOf(": ", p);
                    if (colon < 0) {
                        yield s;
                    }
                    int end = s.indexOf('\n', colon);
                    yield s.substring(0, colon + 2)
                            + VALUES.get(c % VALUES.size())
                            + s.substring(end < 0 ? s.length() : end);
                }
                default -> s.substring(0, p);
            };
        }
    }

    @Property(tries = 3000)
    void aWorkflowWithEditsGetsDiagnosticsNotAnException(
            @ForAll("seedIndex") int seed, @ForAll("edits") List<Edit> edits) {
        check(false, edited(seed, edits));
    }

    @Property(tries = 1000)
    void anActionWithEditsGetsDiagnosticsNotAnException(
            @ForAll("seedIndex") int seed, @ForAll("edits") List<Edit> edits) {
        check(true, edited(seed, edits));
    }

    /**
     * SnakeYAML Engine before 3.0 read past its 1,024-character window when a character outside the Basic Multilingual
     * Plane (an emoji: two UTF-16 units) straddled its end, and threw IndexOutOfBoundsException: a valid workflow with
     * "🚀" at an unlucky place was refused as an internal error. Every offset around the first windows.
     */
    @Test
    void anEmojiAtEveryPlaceAroundTheReadersWindowsIsRead() {
        String head = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ";
        for (int end : new int[] {1024, 2048, 3072}) {
            for (int at = end - 4; at <= end + 4; at++) {
                for (String tail : List.of("\n", " done\n", "")) {
                    String text = head + "x".repeat(at - head.length()) + "\uD83D\uDE80" + tail;
                    ParseResult<Workflow> result = WorkflowParser.parse("emoji.yml", text);
                    assertThat(result.diagnostics())
                            .as("emoji at %d, tail %s", at, tail)
                            .isEmpty();
                    assertThat(result.value()).isPresent();
                }
            }
        }
    }

    private static void check(boolean action, String text) {
        ParseResult<?> result =
                action ? ActionParser.parse("action.yml", text) : WorkflowParser.parse("workflow.yml", text);
        for (Diagnostic d : result.diagnostics()) {
            assertThat(d.span().line()).as(d.render()).isPositive();
            assertThat(d.span().column()).as(d.render()).isPositive();
            assertThat(d.message()).as(d.render()).isNotBlank().doesNotContain("Exception");
        }
        assertThat(result.value().isPresent() || result.hasErrors())
                .as("a model or an error")
                .isTrue();
    }

    private static String edited(int seed, List<Edit> edits) {
        String s = SEEDS.get(seed);
        for (Edit e : edits) {
            s = e.apply(s);
        }
        return s;
    }

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1);
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(Arbitraries.integers().between(0, 8), n, n, n)
                .as(Edit::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(5);
    }

    private static List<String> seeds() {
        try {
            Path dir = Paths.get(
                    ParserRobustnessTest.class.getResource("/golden/lint").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                List<String> texts = new ArrayList<>();
                for (Path p : files.filter(f -> f.toString().endsWith(".yml"))
                        .sorted()
                        .toList()) {
                    texts.add(Files.readString(p, StandardCharsets.UTF_8));
                }
                return List.copyOf(texts);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
