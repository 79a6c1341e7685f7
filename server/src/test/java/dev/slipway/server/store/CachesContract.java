package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

abstract class CachesContract extends StoreContract {
    private static final String MAIN = "refs/heads/main";
    private static final String FEATURE = "refs/heads/feature";

    @Test
    void firstSaveWins() {
        var repo = repo();
        assertThat(db.caches().save(repo.id(), MAIN, "deps-1", "v1", 100, "c/1"))
                .isPresent();
        assertThat(db.caches().save(repo.id(), MAIN, "deps-1", "v1", 200, "c/2"))
                .isEmpty();
        assertThat(db.caches().save(repo.id(), MAIN, "deps-1", "v2", 200, "c/3"))
                .isPresent();
        assertThat(db.caches().totalSize(repo.id())).isEqualTo(300);
    }

    @Test
    void restoresExactThenPrefixThenFromTheNextScope() {
        var repo = repo();
        var old = db.caches()
                .save(repo.id(), MAIN, "deps-linux-aaa", "v1", 1, "c/1")
                .orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        var newer = db.caches()
                .save(repo.id(), MAIN, "deps-linux-bbb", "v1", 1, "c/2")
                .orElseThrow();
        var feature = db.caches()
                .save(repo.id(), FEATURE, "deps-linux-ccc", "v1", 1, "c/3")
                .orElseThrow();
        var scopes = List.of(FEATURE, MAIN);

        assertThat(restore(repo, scopes, List.of("deps-linux-aaa"), "v1")).isEqualTo(old.id());
        assertThat(restore(repo, scopes, List.of("deps-linux-aaa", "deps-linux-"), "v1"))
                .isEqualTo(feature.id());
        assertThat(restore(repo, scopes, List.of("deps-linux-"), "v1")).isEqualTo(feature.id());
        assertThat(restore(repo, List.of(MAIN), List.of("deps-linux-aaa"), "v1"))
                .isEqualTo(old.id());
        assertThat(restore(repo, List.of(MAIN), List.of("deps-linux-zzz", "deps-linux-"), "v1"))
                .isEqualTo(newer.id());
        assertThat(restore(repo, List.of(MAIN), List.of("deps-linux-a%", "deps_linux"), "v1"))
                .isEqualTo(-1);
        assertThat(restore(repo, scopes, List.of("deps-linux-aaa"), "v2")).isEqualTo(-1);
        assertThat(restore(repo, List.of("refs/heads/other"), List.of("deps"), "v1"))
                .isEqualTo(-1);
    }

    @Test
    void restoringMarksUseAndEvictionDropsLeastRecentlyUsedFirst() {
        var repo = repo();
        var a = db.caches().save(repo.id(), MAIN, "a", "v", 100, "c/a").orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        var b = db.caches().save(repo.id(), MAIN, "b", "v", 100, "c/b").orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        var c = db.caches().save(repo.id(), MAIN, "c", "v", 100, "c/c").orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        var used =
                db.caches().restore(repo.id(), List.of(MAIN), List.of("a"), "v").orElseThrow();
        assertThat(used.lastUsed()).isEqualTo(clock.instant());
        assertThat(db.caches().list(repo.id(), Page.first(10)))
                .extracting(CacheEntry::key)
                .containsExactly("a", "c", "b");

        var evicted = db.caches().evict(repo.id(), 200, clock.instant().minus(Duration.ofDays(7)));
        assertThat(evicted).extracting(CacheEntry::id).containsExactly(b.id());
        clock.advance(Duration.ofDays(8));
        db.caches().restore(repo.id(), List.of(MAIN), List.of("c"), "v");
        assertThat(db.caches().evict(repo.id(), 1_000, clock.instant().minus(Duration.ofDays(7))))
                .extracting(CacheEntry::id)
                .containsExactly(a.id());
        assertThat(db.caches().list(repo.id(), Page.first(10)))
                .extracting(CacheEntry::id)
                .containsExactly(c.id());
    }

    @Test
    void findsCountsAndDeletesEntriesWithoutTouchingThem() {
        var repo = repo();
        var a = db.caches().save(repo.id(), MAIN, "deps-a", "v", 10, "c/a").orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        assertThat(db.caches().find(repo.id(), MAIN, "deps-a", "v")).contains(a);
        assertThat(db.caches().find(repo.id(), MAIN, "deps-", "v")).isEmpty();
        assertThat(db.caches().find(a.id())).contains(a);
        assertThat(db.caches().count(repo.id())).isEqualTo(1);
        assertThat(db.caches().repoIds()).containsExactly(repo.id());
        assertThat(db.caches().delete(a.id())).isTrue();
        assertThat(db.caches().delete(a.id())).isFalse();
        assertThat(db.caches().count(repo.id())).isZero();
        assertThat(db.caches().repoIds()).isEmpty();
    }

    private long restore(Repo repo, List<String> scopes, List<String> keys, String version) {
        return db.caches()
                .restore(repo.id(), scopes, keys, version)
                .map(CacheEntry::id)
                .orElse(-1L);
    }
}
