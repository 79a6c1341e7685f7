package dev.slipway.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashFilesTest {
    // sha256(sha256("one\n") + sha256("two\n")), computed independently with Python's hashlib.
    private static final String ONE_TWO = "b3e00007a221fb65fa01a1d9b968f4b3f290fe1f8a53061187adb40118314e5f";
    private static final String ONE = "9c64071fc196d33fec0036f48898b7ff2cf8398b892ead8afce6e9568f7fb6de";
    private static final String TWO_ONE = "18d44588eb754c302baf9983ec63f3a13e277d576590f7dd1dcbe7b603d10c66";

    @TempDir
    Path ws;

    @BeforeEach
    void files() throws IOException {
        write("a/one.lock", "one\n");
        write("b/two.lock", "two\n");
        write("b/notes.txt", "x\n");
        write(".hidden/z.cfg", "z\n");
    }

    private void write(String rel, String content) throws IOException {
        Path p = ws.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void hashesMatchingFilesDepthFirstInNameOrder() throws ExprException {
        assertThat(HashFiles.compute(ws, List.of("**/*.lock"))).isEqualTo(ONE_TWO);
    }

    @Test
    void orderDoesNotDependOnPatternOrder() throws ExprException {
        assertThat(HashFiles.compute(ws, List.of("b/*.lock", "a/*.lock"))).isEqualTo(ONE_TWO);
    }

    @Test
    void fileOrderFollowsNamesNotContents() throws IOException, ExprException {
        write("a/one.lock", "two\n");
        write("b/two.lock", "one\n");
        assertThat(HashFiles.compute(ws, List.of("**/*.lock"))).isEqualTo(TWO_ONE);
    }

    @Test
    void returnsEmptyWhenNothingMatches() throws ExprException {
        assertThat(HashFiles.compute(ws, List.of("**/*.nothing"))).isEmpty();
        assertThat(HashFiles.compute(ws, List.of(""))).isEmpty();
    }

    @Test
    void negatedPatternExcludesAndLaterPatternReincludes() throws ExprException {
        assertThat(HashFiles.compute(ws, List.of("**/*.lock", "!b/**"))).isEqualTo(ONE);
        assertThat(HashFiles.compute(ws, List.of("**/*.lock", "!b/**", "b/two.lock")))
                .isEqualTo(ONE_TWO);
        assertThat(HashFiles.compute(ws, List.of("!**/*.lock"))).isEmpty();
    }

    @Test
    void directoryPatternMatchesEverythingBelowIt() throws ExprException {
        assertThat(HashFiles.compute(ws, List.of("a"))).isEqualTo(ONE);
        assertThat(HashFiles.compute(ws, List.of("./a/"))).isEqualTo(ONE);
    }

    @Test
    void questionMarkAndCharacterClassMatchOneCharacter() throws ExprException {
        assertThat(HashFiles.compute(ws, List.of("?/*.lock"))).isEqualTo(ONE_TWO);
        assertThat(HashFiles.compute(ws, List.of("[a]/*.lock"))).isEqualTo(ONE);
        assertThat(HashFiles.compute(ws, List.of("[!a]/*.lock")))
                .isNotEqualTo(ONE)
                .isNotEmpty();
    }

    @Test
    void starDoesNotCrossDirectoriesButDoubleStarDoes() throws ExprException {
        assertThat(HashFiles.compute(ws, List.of("*.lock"))).isEmpty();
        assertThat(HashFiles.compute(ws, List.of("**/one.lock"))).isEqualTo(ONE);
    }

    @Test
    void absolutePatternInsideWorkspaceIsAccepted() throws ExprException {
        String abs = ws.toAbsolutePath().resolve("a").resolve("one.lock").toString();
        assertThat(HashFiles.compute(ws, List.of(abs))).isEqualTo(ONE);
    }

    @Test
    void dotFilesAreMatchedByWildcards() throws ExprException {
        assertThat(HashFiles.compute(ws, List.of("**/*.cfg"))).isNotEmpty();
    }

    @Test
    void expressionUsesWorkspaceOfContext() throws ExprException {
        EvalContext ctx = EvalContext.builder().workspace(ws).build();
        assertThat(Expressions.evaluate("hashFiles('**/*.lock')", ctx)).isEqualTo(Value.of(ONE_TWO));
        assertThat(Expressions.evaluate("format('deps-{0}', hashFiles('none'))", ctx))
                .isEqualTo(Value.of("deps-"));
    }

    @Test
    void contextWithoutWorkspaceReportsHashFilesUnavailable() {
        assertThatThrownBy(() -> Expressions.evaluate("hashFiles('x')", EvalContext.of(Map.of())))
                .isInstanceOf(ExprException.class)
                .hasMessageContaining("not available");
    }
}
