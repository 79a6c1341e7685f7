package dev.slipway.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
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
        "java, 27-ea, 27.0.0-ea, true",
        "java, 27.0.0-ea.12, 27.0.0-ea, true",
        "java, 27-ea, 27.0.0, false",
        "java, 27, 27.0.0-ea, false",
        "java, '>=21', 27.0.0-ea, false",
        "go, 1.22, 1.22.5, true",
        "go, go1.22.5, 1.22.5, true",
        "go, ^1.21, 1.22.5, true",
        "go, '>=1.23', 1.22.5, false",
        "go, stable, 1.22.5, true",
    })
    void matches(String tool, String spec, String installed, boolean expected) {
        assertThat(VersionSpec.parse(tool, spec).matches(new Semver(installed))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} with {1} installed is {2}")
    @CsvSource({
        "lts/-1, '', 22",
        "lts/-2, '', 20",
        "LTS/-10, '', 4",
        "lts/-1, '26.1.0 25.0.0', 24", // 26 installed: the newest line known here
        "lts/-1, '27.0.0 25.0.0 3.0.0', 22", // odd majors are never LTS
        "lts/-12, '28.0.0 26.1.0', 4",
    })
    void ltsMinusNIsTheNthLineBelowTheNewestOfTheCodeNamesAndTheEvenMajorsInstalled(
            String spec, String installed, int major) {
        List<Semver> versions = Arrays.stream(installed.split(" "))
                .filter(v -> !v.isEmpty())
                .map(Semver::new)
                .toList();
        VersionSpec parsed = VersionSpec.parse("node", spec, versions);

        assertThat(parsed.matches(new Semver(major + ".1.0"))).isTrue();
        assertThat(parsed.matches(new Semver((major + 2) + ".1.0"))).isFalse();
        assertThat(parsed.matches(new Semver((major - 2) + ".1.0"))).isFalse();
    }

    @Test
    void anLtsLineBelowTheOldestKnownIsReportedWithTheLinesKnown() {
        assertThatThrownBy(() -> VersionSpec.parse("node", "lts/-11", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "no Node.js LTS line 'lts/-11': the lines known here are [24, 22, 20, 18, 16, 14, 12, 10, 8,"
                                + " 6, 4] (those with an LTS code name and the even majors installed)");
    }

    @ParameterizedTest
    @CsvSource({
        "node, lts/-0",
        "node, lts/-x",
        "python, pypy3.10",
        "python, 3.13t",
        "node, lts/unknown",
        "java, 17-rc",
        "node, ''",
        "go, oldstable"
    })
    void whatIsNotAVersionIsReportedByName(String tool, String spec) {
        assertThatThrownBy(() -> VersionSpec.parse(tool, spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + spec.strip() + "'");
    }
}
