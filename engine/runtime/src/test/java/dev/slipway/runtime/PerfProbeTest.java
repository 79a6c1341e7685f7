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
            long p0 = System.nanoTime();
            dev.slipway.workflow.WorkflowParser.parse("x.yml", yaml.toString());
            System.err.printf("parse %.2f ms%n", (System.nanoTime() - p0) / 1e6);
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
            var fake = dev.slipway.executor.fake.FakeExecutor.builder().build();
            new Harness(dir.resolve("f" + round)).executor(fake).run(yaml.toString());
            long t3 = System.nanoTime();
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
                                java.util.Map.of("PATH", "/usr/bin:/bin")));
                host.logs(h, l -> {});
                host.awaitStep(h, java.time.Duration.ofSeconds(5));
            }
            host.destroyJob(job);
            long t4 = System.nanoTime();
            System.err.printf(
                    "runtime %.2f ms/step, plain bash %.2f ms/step, fake %.2f, host direct %.2f%n",
                    (t1 - t0) / 200e6, (t2 - t1) / 200e6, (t3 - t2) / 200e6, (t4 - t3) / 200e6);
        }
    }
}
