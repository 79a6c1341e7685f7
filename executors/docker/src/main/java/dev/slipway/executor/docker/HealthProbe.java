package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs a health command in a container once, as the engine would: {@code sh -c <cmd>} with a timeout. */
final class HealthProbe {
    private HealthProbe() {}

    record Result(boolean passed, String output) {}

    static Result run(DockerClient client, String containerId, String command, Duration timeout) {
        try {
            String exec = client.execCreateCmd(containerId)
                    .withCmd("sh", "-c", command)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId();
            FrameOutput output = new FrameOutput(false);
            client.execStartCmd(exec).exec(output);
            if (!output.awaitEnd(timeout.toMillis())) {
                return new Result(false, "timed out after " + timeout.toMillis() + " ms");
            }
            List<String> lines = new ArrayList<>();
            Optional<String> line;
            while ((line = output.lines().take()).isPresent()) {
                lines.add(line.get());
            }
            Long code = null;
            for (int i = 0; i < 50 && code == null; i++) {
                var inspect = client.inspectExecCmd(exec).exec();
                if (!Boolean.TRUE.equals(inspect.isRunning())) {
                    code = inspect.getExitCodeLong();
                } else {
                    Thread.sleep(20);
                }
            }
            return new Result(code != null && code == 0, String.join("\n", lines));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        } catch (RuntimeException e) {
            return new Result(false, String.valueOf(e.getMessage()));
        }
    }
}
