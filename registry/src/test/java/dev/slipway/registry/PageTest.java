package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageTest {
    private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e");

    @Test
    void pagesWithNAndLast() {
        Page first = Page.of(ITEMS, Optional.of("2"), Optional.empty());
        assertThat(first.items()).containsExactly("a", "b");
        assertThat(first.link("/v2/x/tags/list")).contains("</v2/x/tags/list?n=2&last=b>; rel=\"next\"");
        Page second = Page.of(ITEMS, Optional.of("2"), Optional.of("b"));
        assertThat(second.items()).containsExactly("c", "d");
        Page last = Page.of(ITEMS, Optional.of("2"), Optional.of("d"));
        assertThat(last.items()).containsExactly("e");
        assertThat(last.next()).isEmpty();
    }

    @Test
    void withoutNReturnsAllAfterLast() {
        assertThat(Page.of(ITEMS, Optional.empty(), Optional.of("c")).items()).containsExactly("d", "e");
        assertThat(Page.of(ITEMS, Optional.of("0"), Optional.empty()).items()).isEmpty();
        assertThat(Page.of(ITEMS, Optional.of("9"), Optional.of("zz")).items()).isEmpty();
    }

    @Test
    void rejectsBadN() {
        assertThatThrownBy(() -> Page.of(ITEMS, Optional.of("-1"), Optional.empty()))
                .isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> Page.of(ITEMS, Optional.of("x"), Optional.empty()))
                .isInstanceOf(RegistryException.class);
    }

    @Test
    void parsesByteRanges() {
        assertThat(BlobApi.parseRange("bytes=0-9", 100)).contains(new BlobApi.Span(0, 9));
        assertThat(BlobApi.parseRange("bytes=90-", 100)).contains(new BlobApi.Span(90, 99));
        assertThat(BlobApi.parseRange("bytes=-10", 100)).contains(new BlobApi.Span(90, 99));
        assertThat(BlobApi.parseRange("bytes=50-500", 100)).contains(new BlobApi.Span(50, 99));
        assertThat(BlobApi.parseRange("bytes=100-", 100)).isEmpty();
        assertThat(BlobApi.parseRange("bytes=5-1", 100)).isEmpty();
        assertThat(BlobApi.parseRange("items=0-1", 100)).isEmpty();
    }
}
