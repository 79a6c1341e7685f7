package dev.slipway.server.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImmutableTagsTest {
    @Test
    void globsMatchTheWholeTag() {
        assertThat(ImmutableTags.matches("v*", "v1.2.3")).isTrue();
        assertThat(ImmutableTags.matches("v*", "latest")).isFalse();
        assertThat(ImmutableTags.matches("v*", "dev-v1")).isFalse();
        assertThat(ImmutableTags.matches("release-?", "release-1")).isTrue();
        assertThat(ImmutableTags.matches("release-?", "release-10")).isFalse();
        assertThat(ImmutableTags.matches("1.0", "1x0")).isFalse(); // a dot is a dot, not any character
        assertThat(ImmutableTags.matches("*", "anything")).isTrue();
    }

    @Test
    void patternsAreCheckedSortedAndDeduplicated() {
        assertThat(ImmutableTags.validate(List.of("v*", "release-*", "v*"))).containsExactly("release-*", "v*");
        assertThatThrownBy(() -> ImmutableTags.validate(List.of("v*", "v/1")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'v/1'");
        assertThatThrownBy(() -> ImmutableTags.validate(List.of(".hidden"))).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> ImmutableTags.validate(List.of("x".repeat(129))))
                .isInstanceOf(UserError.class);
    }
}
