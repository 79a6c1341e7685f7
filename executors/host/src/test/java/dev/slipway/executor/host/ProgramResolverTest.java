package dev.slipway.executor.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ExecutorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramResolverTest {
    @TempDir
    Path dir;

    Path executable(String relative) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        file.toFile().setExecutable(true);
        return file;
    }

    @Test
    void searchesThePathOfTheStepEnvironmentInOrder() throws Exception {
        executable("b/tool");
        Path first = executable("a/tool");
        String path = dir.resolve("a") + ":" + dir.resolve("b");
        assertThat(ProgramResolver.resolve("tool", Map.of("PATH", path), dir)).isEqualTo(first);
    }

    @Test
    void skipsFilesThatAreNotExecutable() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/tool"), "data");
        Path real = executable("b/tool");
        String path = dir.resolve("a") + ":" + dir.resolve("b");
        assertThat(ProgramResolver.resolve("tool", Map.of("PATH", path), dir)).isEqualTo(real);
    }

    @Test
    void resolvesRelativePathEntriesAgainstTheWorkingDirectory() throws Exception {
        Path tool = executable("bin/tool");
        assertThat(ProgramResolver.resolve("tool", Map.of("PATH", "bin"), dir)).isEqualTo(tool);
    }

    @Test
    void reportsAMissingProgramWithThePathSearched() {
        assertThatThrownBy(() -> ProgramResolver.resolve("pwsh", Map.of("PATH", "/nowhere"), dir))
                .isInstanceOf(ExecutorException.class)
                .hasMessage("pwsh: command not found (PATH=/nowhere)");
    }

    @Test
    void usesTheExecvpDefaultWhenPathIsUnset() throws Exception {
        assertThat(ProgramResolver.resolve("sh", Map.of(), dir).getParent().toString())
                .isIn("/bin", "/usr/bin");
    }

    @Test
    void aProgramThatAppearsOrGoesBetweenTwoStepsIsFoundWhereItIsNow() throws Exception {
        Path later = executable("b/tool");
        String path = dir.resolve("a") + ":" + dir.resolve("b");
        assertThat(ProgramResolver.resolve("tool", Map.of("PATH", path), dir)).isEqualTo(later);

        Path earlier = executable("a/tool"); // a step installed one earlier on the PATH
        assertThat(ProgramResolver.resolve("tool", Map.of("PATH", path), dir)).isEqualTo(earlier);

        Files.delete(earlier);
        Files.delete(later);
        assertThatThrownBy(() -> ProgramResolver.resolve("tool", Map.of("PATH", path), dir))
                .isInstanceOf(ExecutorException.class);
    }

    @Test
    void aRelativePathEntryIsResolvedAgainstEachStepsOwnWorkingDirectory() throws Exception {
        Path one = executable("one/bin/tool");
        Path two = executable("two/bin/tool");
        assertThat(ProgramResolver.resolve("tool", Map.of("PATH", "bin"), dir.resolve("one")))
                .isEqualTo(one);
        assertThat(ProgramResolver.resolve("tool", Map.of("PATH", "bin"), dir.resolve("two")))
                .isEqualTo(two);
    }
}
