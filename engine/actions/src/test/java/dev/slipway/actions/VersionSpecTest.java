package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.semver4j.Semver;

/** Versions as the {@code actions/setup-*} actions take them (their README's examples), against installed ones. */
class VersionSpecTest {
    @ParameterizedTest(name = "{0} {1} ~ {2}: {3}")
    @CsvSource({
        "python, 3.x, 3.11.7, true",
        "python, 3.11, 3.11.7, true",
        "python, 3.11, 3.12.1, false",
        "python, 3.11.7, 3.11.7, true",
        "python, 3.11.6, 3.11.7, false",
        "python, '>=3.9 <3.12', 3.11.7, true",
        "python, '>=3.9 <3.12', 3.12.0, false",
        "python, 3.13-dev, 3.13.0, true",
        "python, ~3.11.2, 3.11.7, true",
        "python, 3, 3.8.10, true",
        "python, 2.x, 3.11.7, false",
        "node, 20, 20.20.2, true",
        "node, 20.x, 20.20.2, true",
        "node, v20.20.2, 20.20.2, true",
        "node, ^18.17, 18.19.0, true",
        "node, ^18.17, 20.1.0, false",
        "node, '>=18', 22.3.0, true",
        "node, lts/*, 20.11.1, true",
        "node, lts/*, 21.7.3, false",
        "node, LTS/Iron, 20.11.1, true",
        "node, lts/hydrogen, 20.11.1, false",
        "node, latest, 23.1.0, true",
        "node, node, 8.0.0, true",
        "java, 17, 17.0.15, true",
        "java, 17, 21.0.1, false",
        "java, 17.0.x, 17.0.15, true",
        "java, 17.0.7+7, 17.0.7, true",
        "java, 1.8, 8.0.392, true",
        "java, 8, 8.0.392, true",
        "java, 21.0.1, 21.0.2, false",
        "go, 1.22, 1.22.5, true",
        "go, go1.22.5, 1.22.5, true",
        "go, ^1.21, 1.22.5, true",
        "go, '>=1.23', 1.22.5, false",
        "go, stable, 1.22.5, true",
    })
    void matches(String tool, String spec, String installed, boolean expected) {
        assertThat(VersionSpec.parse(tool, spec).matches(new Semver(installed))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"python, pypy3.10", "python, 3.13t", "node, lts/unknown", "java, 17-ea", "node, ''", "go, oldstable"})
    void whatIsNotAVersionIsReportedByName(String tool, String spec) {
        assertThatThrownBy(() -> VersionSpec.parse(tool, spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + spec.strip() + "'");
    }
}
