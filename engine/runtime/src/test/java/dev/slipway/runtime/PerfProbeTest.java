package dev.slipway.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfProbeTest {
    @TempDir
    Path dir;

    @Test
    void probe() throws Exception {
        StringBuilder yaml = new StringBuilder("on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n");
        for (int i = 0; i < 200; i++) {
            yaml.append("      - run: echo step ").append(i).append("\n");
        }
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            new Harness(dir.resolve("r" + round)).run(yaml.toString());
            long t1 = System.nanoTime();
            Path script = dir.resolve("s.sh");
            Files.writeString(script, "echo step 1\n");
            for (int i = 0; i < 200; i++) {
                new ProcessBuilder("bash", "-e", script.toString())
                        .redirectErrorStream(true)
                        .start()
                        .waitFor();
            }
            long t2 = System.nanoTime();
            System.err.printf("runtime %.2f ms/step, plain bash %.2f ms/step%n", (t1 - t0) / 200e6, (t2 - t1) / 200e6);
        }
    }
}
