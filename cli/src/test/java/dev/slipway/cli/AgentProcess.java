package dev.slipway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code slipway agent} in a child JVM, with its output in a file. */
final class AgentProcess implements AutoCloseable {
    final String name;
    final Process process;
    final Path output;

    private AgentProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    static AgentProcess start(Path dir, String serverUrl, String token, String name, String labels, String... extra)
            throws IOException {
        List<String> cmd = Cli.inNewJvm(
                "agent",
                "--server",
                serverUrl,
                "--token",
                token,
                "--name",
                name,
                "--labels",
                labels,
                "--work-dir",
                dir.resolve(name).toString());
        cmd.addAll(List.of(extra));
        var output = dir.resolve(name + ".log");
        Files.createDirectories(dir);
        var process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new AgentProcess(name, process, output);
    }

    String log() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** SIGKILL: no chance to say goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
