package dev.slipway.server.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.CanaryStep;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanaryStepsTest {
    @Test
    void weightsPausesAndAnalysesAreReadAndAFinal100IsAdded() {
        var parsed = CanarySteps.parse("25, pause 10s,50%,pause,analysis 30s 2%");
        assertThat(parsed)
                .isEqualTo(new CanarySteps.Parsed.Steps(java.util.List.of(
                        new CanaryStep.SetWeight(25),
                        new CanaryStep.Pause(Optional.of(Duration.ofSeconds(10))),
                        new CanaryStep.SetWeight(50),
                        new CanaryStep.Pause(Optional.empty()),
                        new CanaryStep.Analysis(Duration.ofSeconds(30), 0.02, 10),
                        new CanaryStep.SetWeight(100))));
        assertThat(CanarySteps.parse("25,pause,100"))
                .isInstanceOfSatisfying(
                        CanarySteps.Parsed.Steps.class,
                        s -> assertThat(s.steps()).hasSize(3));
    }

    @Test
    void aStepThatIsNotOneIsNamed() {
        assertThat(CanarySteps.parse("25,wait 5s"))
                .isEqualTo(new CanarySteps.Parsed.Invalid(
                        "'wait 5s' is not a step: use a weight (25), 'pause', 'pause 10s' or 'analysis 30s 5%'"));
        assertThat(CanarySteps.parse("pause 3 days")).isInstanceOf(CanarySteps.Parsed.Invalid.class);
        assertThat(CanarySteps.parse("150")).isEqualTo(new CanarySteps.Parsed.Invalid("weight 150 is above 100"));
        assertThat(CanarySteps.parse("pause")).isEqualTo(new CanarySteps.Parsed.Invalid("the steps set no weight"));
    }
}
