package dev.slipway.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The executor the CLI registers connects at the first job, and again after a failure. */
class KubernetesOnDemandTest {
    private static final JobSpec JOB =
            new JobSpec("run-1/a/1", Path.of("/w"), Path.of("/t"), Map.of(), Optional.of("alpine:3"));

    @Test
    void nothingConnectsUntilAJobAndAFailedConnectionIsTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        KubernetesOnDemand executor = new KubernetesOnDemand(() -> {
            tries.incrementAndGet();
            throw new ExecutorException("no cluster here");
        });

        assertThat(executor.name()).isEqualTo("kubernetes");
        assertThat(executor.supportsContainers()).isTrue();
        assertThat(tries).hasValue(0);
        assertThatThrownBy(() -> executor.prepareJob(JOB)).hasMessage("no cluster here");
        assertThatThrownBy(() -> executor.prepareJob(JOB)).hasMessage("no cluster here");
        assertThat(tries).hasValue(2);
    }

    @Test
    void aBadConfigurationFailsTheJobWithTheReason() {
        var executor = KubernetesOnDemand.of(
                () -> KubernetesConfig.fromEnvironment(Map.of("SLIPWAY_K8S_PULL_POLICY", "sometimes")));

        assertThatThrownBy(() -> executor.prepareJob(JOB))
                .isInstanceOf(ExecutorException.class)
                .hasMessageStartingWith("kubernetes executor: image pull policy 'sometimes'");
    }
}
