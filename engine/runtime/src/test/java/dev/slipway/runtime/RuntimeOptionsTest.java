package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {
    @Test
    void theToolCacheIsTheOneTheHostNamesInTheOrderOfGitHubsRunner() {
        Map<String, String> both =
                Map.of("AGENT_TOOLSDIRECTORY", "/opt/agent", "RUNNER_TOOL_CACHE", "/opt/hostedtoolcache");

        assertThat(RuntimeOptions.toolCache(both::get)).isEqualTo(Path.of("/opt/hostedtoolcache"));
        assertThat(RuntimeOptions.toolCache(Map.of("AGENT_TOOLSDIRECTORY", "/opt/agent")::get))
                .isEqualTo(Path.of("/opt/agent"));
        assertThat(RuntimeOptions.toolCache(Map.of("RUNNER_TOOL_CACHE", " ")::get))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "slipway-tool-cache"));
    }

    @Test
    void stepsReachTheContainerEngineSlipwayReachesButNoOtherHostVariable() {
        assertThat(RuntimeOptions.inherited(null))
                .contains("DOCKER_HOST", "DOCKER_CONFIG", "CONTAINER_HOST", "HOME", "PATH")
                .doesNotContain("AWS_PROFILE", "GITHUB_TOKEN", "SLIPWAY_PASS_ENV");
    }
}
