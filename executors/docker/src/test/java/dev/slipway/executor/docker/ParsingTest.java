package dev.slipway.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Ports;
import dev.slipway.runtime.spi.ProcessOwners;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParsingTest {
    @Test
    void shellWordsHonourQuotesAndBackslashes() {
        assertThat(ShellWords.split("  --health-cmd \"pg_isready -U \\\"me\\\"\" -e 'A=b c' x\\ y \"\"  "))
                .containsExactly("--health-cmd", "pg_isready -U \"me\"", "-e", "A=b c", "x y", "");
        assertThatThrownBy(() -> ShellWords.split("--health-cmd 'oops")).hasMessageContaining("unterminated");
    }

    @Test
    void optionsParseHealthResourcesUserAndEnv() {
        ContainerOptions o = ContainerOptions.parse("--health-cmd 'redis-cli ping' --health-interval=1m30s"
                + " --health-timeout 500ms --health-retries 5 --health-start-period 2s --cpus 1.5 -m 512m"
                + " -u 1000:1000 --workdir /w --entrypoint /bin/x -e A=1 --env B=2=3 --privileged"
                + " --network-alias db");
        assertThat(o.health())
                .isEqualTo(new ContainerOptions.Health(
                        Optional.of("redis-cli ping"),
                        Optional.of(Duration.ofSeconds(90)),
                        Optional.of(Duration.ofMillis(500)),
                        Optional.of(5),
                        Optional.of(Duration.ofSeconds(2))));
        assertThat(o.nanoCpus()).contains(1_500_000_000L);
        assertThat(o.memoryBytes()).contains(512L << 20);
        assertThat(o.user()).contains("1000:1000");
        assertThat(o.workdir()).contains("/w");
        assertThat(o.entrypoint()).contains("/bin/x");
        assertThat(o.env()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2=3"));
        assertThat(o.privileged()).isTrue();
        assertThat(o.networkAliases()).containsExactly("db");
    }

    @Test
    void optionsRejectUnknownAndMalformedOnes() {
        assertThatThrownBy(() -> ContainerOptions.parse("--cap-add NET_ADMIN"))
                .hasMessageStartingWith("unsupported container option '--cap-add'");
        assertThatThrownBy(() -> ContainerOptions.parse("--health-retries zero"))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> ContainerOptions.parse("--health-interval 5x")).hasMessageContaining("duration");
        assertThatThrownBy(() -> ContainerOptions.parse("--memory")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ContainerOptions.parse("-e HOME")).hasMessageContaining("NAME=value");
    }

    @Test
    void unitsFollowDockerConventions() {
        assertThat(Units.duration("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Units.duration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(Units.bytes("1g")).isEqualTo(1L << 30);
        assertThat(Units.bytes("1.5GB")).isEqualTo(3L << 29);
        assertThat(Units.bytes("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> Units.nanoCpus("-1")).hasMessageContaining("positive");
    }

    @Test
    void portMappingsCoverTheWrittenForms() {
        assertThat(PortMapping.parse("5432"))
                .isEqualTo(new PortMapping(Optional.empty(), Optional.empty(), 5432, "tcp"));
        assertThat(PortMapping.parse("8080:80"))
                .isEqualTo(new PortMapping(Optional.empty(), Optional.of(8080), 80, "tcp"));
        assertThat(PortMapping.parse("127.0.0.1::53/udp"))
                .isEqualTo(new PortMapping(Optional.of("127.0.0.1"), Optional.empty(), 53, "udp"));
        assertThat(PortMapping.parse("53/udp").contextKey()).isEqualTo("53/udp");
        assertThat(PortMapping.parse("6379/tcp").contextKey()).isEqualTo("6379");
        assertThatThrownBy(() -> PortMapping.parse("99999")).hasMessageContaining("not a port");
    }

    @Test
    void aDefaultHostAddressAppliesOnlyWhereTheMappingNamesNone() {
        Optional<String> loopback = Optional.of("127.0.0.1");

        assertThat(PortMapping.parse("6379").binding(loopback)).isEqualTo(new Ports.Binding("127.0.0.1", null));
        assertThat(PortMapping.parse("8080:80").binding(loopback)).isEqualTo(new Ports.Binding("127.0.0.1", "8080"));
        assertThat(PortMapping.parse("0.0.0.0::80").binding(loopback)).isEqualTo(new Ports.Binding("0.0.0.0", null));
        assertThat(PortMapping.parse("6379").binding(Optional.empty())).isEqualTo(new Ports.Binding(null, null));
    }

    @Test
    void volumesAreBindsNamedOrAnonymous() {
        assertThat(VolumeMount.parse("/src:/dst:ro")).isEqualTo(new VolumeMount(Optional.of("/src"), "/dst", true));
        assertThat(VolumeMount.parse("data:/var/lib/x").named()).isTrue();
        assertThat(VolumeMount.parse("/cache")).isEqualTo(new VolumeMount(Optional.empty(), "/cache", false));
        assertThatThrownBy(() -> VolumeMount.parse("rel/x:/dst")).hasMessageContaining("absolute host path");
        assertThatThrownBy(() -> VolumeMount.parse("/a:b")).hasMessageContaining("absolute path");
    }

    @Test
    void imagesWithoutTagOrDigestGetLatest() {
        assertThat(Images.withTag("localhost:5000/a/b")).isEqualTo("localhost:5000/a/b:latest");
        assertThat(Images.withTag("redis:7")).isEqualTo("redis:7");
        assertThat(Images.withTag("x@sha256:ab")).isEqualTo("x@sha256:ab");
    }

    @Test
    void orphansAreResourcesOfThisHostWhoseOwnerIsGone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = ProcessOwners.hostName();
        assertThat(Reaper.orphaned(Map.of(Labels.MANAGED, "true", Labels.OWNER, gone.pid() + "@" + host), host))
                .isTrue();
        assertThat(Reaper.orphaned(Labels.of("job"), host)).isFalse();
        assertThat(Reaper.orphaned(Map.of(Labels.MANAGED, "true", Labels.OWNER, gone.pid() + "@elsewhere"), host))
                .isFalse();
        long self = ProcessHandle.current().pid();
        assertThat(Reaper.orphaned(
                        Map.of(Labels.MANAGED, "true", Labels.OWNER, self + "@" + host, Labels.OWNER_STARTED, "1"),
                        host))
                .as("a reused pid")
                .isTrue();
        assertThat(Reaper.orphaned(Map.of(Labels.OWNER, gone.pid() + "@" + host), host))
                .isFalse();
    }

    @Test
    void discoveryNamesWhatItTried() {
        assertThatThrownBy(() -> Engine.connect(Optional.of("unix:///nonexistent/docker.sock"), Optional.empty()))
                .hasMessageContaining("unix:///nonexistent/docker.sock (no such socket)");
    }

    @Test
    void resourceNamesAreSafeAndDistinct() {
        String a = Labels.resourceName("Run 12/Build/1");
        assertThat(a).matches("slipway-run-12-build-1-[0-9a-f]{6}");
        assertThat(Labels.resourceName("x".repeat(100))).hasSizeLessThan(60);
        assertThat(List.of(a, Labels.resourceName("Run 12/Build/1"))).doesNotHaveDuplicates();
    }
}
