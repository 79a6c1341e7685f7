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
        Path script = dir.resolve("s.sh");
        Files.writeString(script, "echo step 1\n");
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            new Harness(dir.resolve("r" + round)).run(yaml.toString());
            long t1 = System.nanoTime();
            var host = dev.slipway.executor.host.HostExecutor.create();
            Path ws = dir.resolve("h" + round);
            Files.createDirectories(ws);
            var job = host.prepareJob(
                    new dev.slipway.runtime.spi.JobSpec("k", ws, ws, java.util.Map.of(), java.util.Optional.empty()));
            for (int i = 0; i < 200; i++) {
                var h = host.startStep(
                        job,
                        new dev.slipway.runtime.spi.StepSpec(
                                "x",
                                java.util.List.of("bash", "-e", script.toString()),
                                ws,
                                RuntimeOptions.defaults().hostEnv()));
                host.logs(h, l -> {});
                host.awaitStep(h, java.time.Duration.ofSeconds(5));
            }
            host.destroyJob(job);
            long t2 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                new ProcessBuilder("bash", "-e", script.toString())
                        .redirectErrorStream(true)
                        .start()
                        .waitFor();
            }
            long t3 = System.nanoTime();
            System.err.printf(
                    "runtime %.2f host direct %.2f plain %.2f ms/step%n",
                    (t1 - t0) / 200e6, (t2 - t1) / 200e6, (t3 - t2) / 200e6);
        }
    }
}
