package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void acceptsSpecNames() {
        for (String good :
                new String[] {"app", "team/app", "a/b/c/d", "my-app", "my_app", "my__app", "a.b", "a0/b-1"}) {
            assertThat(Names.isValidName(good)).as(good).isTrue();
        }
    }

    @Test
    void rejectsTraversalAndMalformedNames() {
        for (String bad : new String[] {
            "",
            "..",
            "../etc",
            "a/../b",
            "a//b",
            "/a",
            "a/",
            "App",
            "_x",
            "a/_manifests",
            "a___b",
            "a..b",
            "-a",
            "a-",
            "a b",
            "a%2fb",
            "x".repeat(256)
        }) {
            assertThat(Names.isValidName(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> Names.requireName("../x"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_INVALID));
    }

    @Test
    void validatesTags() {
        assertThat(Names.isValidTag("v1.2.3-rc_1")).isTrue();
        assertThat(Names.isValidTag("_x")).isTrue();
        assertThat(Names.isValidTag(".x")).isFalse();
        assertThat(Names.isValidTag("-x")).isFalse();
        assertThat(Names.isValidTag("a".repeat(129))).isFalse();
        assertThat(Names.isValidTag("a/b")).isFalse();
    }

    @Test
    void routesSplitNamesAtTheLastKeyword() {
        assertThat(Route.parse("/a/blobs/b/manifests/latest")).isEqualTo(new Route.Manifest("a/blobs/b", "latest"));
        assertThat(Route.parse("/a/b/blobs/uploads/")).isEqualTo(new Route.UploadStart("a/b"));
        assertThat(Route.parse("/a/tags/list")).isEqualTo(new Route.Tags("a"));
        assertThatThrownBy(() -> Route.parse("/A/tags/list")).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> Route.parse("/a/manifests/sha256:zz")).isInstanceOf(RegistryException.class);
    }
}
