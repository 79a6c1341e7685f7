package dev.slipway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.executor.fake.FakeExecutor;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformsTest {
    private final FakeExecutor host = FakeExecutor.builder().build();
    private final Platforms platforms = Platforms.hostDefaults(host);

    @Test
    void githubsHostedLinuxLabelsRunOnTheHostInAnyCase() {
        for (String label : List.of("ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "ubuntu-slim", "Ubuntu-Slim")) {
            assertThat(platforms.resolve(List.of(label)))
                    .as(label)
                    .isEqualTo(new Platforms.Resolution.Matched(host, java.util.Optional.empty()));
        }
        assertThat(platforms.resolve(List.of("self-hosted", "linux", "x64")))
                .isInstanceOf(Platforms.Resolution.Matched.class);
    }

    @Test
    void aLabelNoExecutorAnswersIsReportedWithTheWayToMapIt() {
        var r = platforms.resolve(List.of("ubuntu-latest", "windows-latest"));

        assertThat(r).isInstanceOf(Platforms.Resolution.Unmatched.class);
        assertThat(((Platforms.Resolution.Unmatched) r).reason())
                .startsWith("no executor for runs-on label 'windows-latest' (known labels: host, linux, self-hosted,"
                        + " slipway, ubuntu-20.04, ubuntu-22.04, ubuntu-24.04, ubuntu-latest, ubuntu-slim, x64)")
                .endsWith("); map it with --platform windows-latest=host");
    }

    @Test
    void aLabelMappedToKubernetesImageRunsOnTheKubernetesExecutorWithThatImage() {
        FakeExecutor cluster = FakeExecutor.builder().build();
        Platforms mapped = Platforms.builder()
                .executor("kubernetes", cluster)
                .map("k8s", "kubernetes://node:22")
                .build();

        assertThat(mapped.resolve(List.of("K8s")))
                .isEqualTo(new Platforms.Resolution.Matched(cluster, java.util.Optional.of("node:22")));
        assertThatThrownBy(() ->
                        Platforms.builder().executor("kubernetes", cluster).map("k8s", "kubernetes://"))
                .hasMessageContaining("kubernetes:// needs an image");
        assertThatThrownBy(() -> Platforms.builder().map("k8s", "kubernetes://node:22"))
                .hasMessageContaining("unknown executor 'kubernetes'");
    }
}
