package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Processes as replicas: environment, logs, exit descriptions, stopping a whole process tree. */
class ProcessReplicasIT extends DeployFixture {

    @Test
    void runsTheCommandWithItsPortAndStopsItsWholeProcessTree() throws Exception {
        // A shell that starts the server as its child: stopping the replica must reach the child too.
        Release release = new Release(
                1,
                "1.0.0",
                new Workload.Process(dir, List.of("sh", "-c", "python3 replica.py & wait")),
                Map.of("VERSION", "tree"));
        Replica replica = runtime.start("svc/a", release, 0);
        Prober prober = new Prober(runtime);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        assertThat(prober.await(
                        Map.of(replica, deadline), new Readiness("/health", Duration.ofMillis(50), WAIT), 1, r -> {}))
                .isEmpty();
        assertThat(get(replica.endpoint())).isEqualTo(new Answer(200, "tree"));
        List<ProcessHandle> tree = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("replica.py"))
                .filter(p -> p.parent().isPresent())
                .toList();
        assertThat(tree).isNotEmpty();

        runtime.stop(replica, Duration.ofSeconds(5));

        assertThat(runtime.alive(replica)).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        runtime.stop(replica, Duration.ofSeconds(5)); // idempotent
        prober.close();
    }

    @Test
    void describesHowAReplicaEndedWithItsLastLine() throws Exception {
        Release release = new Release(
                1,
                "1.0.0",
                new Workload.Process(dir, List.of("sh", "-c", "echo starting; echo 'port 80 taken' >&2; exit 4")),
                Map.of());
        Replica replica = runtime.start("svc", release, 0);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runtime.alive(replica) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(runtime.exitDescription(replica)).isEqualTo("exited with code 4: port 80 taken");
        assertThat(runtime.tail(replica, 5)).containsExactly("starting", "port 80 taken");
        assertThat(runtime.log(replica).orElseThrow())
                .startsWith(dir.resolve("logs").resolve("svc"));
    }

    @Test
    void aCommandThatCannotRunFailsTheStartWithItsName() {
        Release release = new Release(1, "1.0.0", new Workload.Process(dir, List.of("no-such-command-xyz")), Map.of());

        assertThatThrownBy(() -> runtime.start("svc", release, 0))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot run no-such-command-xyz in " + dir + ": ");
        assertThatThrownBy(() ->
                        runtime.start("svc", new Release(1, "img", new Workload.Container("busybox", 80), Map.of()), 0))
                .hasMessage("img is a container image; this runtime runs processes only");
        assertThatThrownBy(() -> MixedReplicas.of(runtime, java.util.Optional.empty())
                        .start("svc", new Release(1, "img", new Workload.Container("busybox", 80), Map.of()), 0))
                .hasMessage("img is the container image busybox, and this server has no container engine");
    }
}
