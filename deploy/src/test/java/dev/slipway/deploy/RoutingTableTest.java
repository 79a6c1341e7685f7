package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingTableTest {
    static final URI A = URI.create("http://127.0.0.1:1001");
    static final URI B = URI.create("http://127.0.0.1:1002");
    static final URI C = URI.create("http://127.0.0.1:2001");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 25, 33, 50, 99, 100})
    void anyHundredConsecutiveRequestsGiveTheCanaryExactlyItsWeight(int weight) {
        RoutingTable table =
                RoutingTable.of(RoutingTable.Pool.of(1, List.of(A, B)), RoutingTable.Pool.of(2, List.of(C)), weight);
        for (int i = 0; i < 37; i++) {
            table.next(); // the window need not start at the first request
        }

        long toCanary = 0;
        for (int i = 0; i < 100; i++) {
            toCanary += table.next().orElseThrow().revision() == 2 ? 1 : 0;
        }

        assertThat(toCanary).isEqualTo(weight);
    }

    @Test
    void turnsRoundRobinWithinARelease() {
        RoutingTable table = RoutingTable.of(RoutingTable.Pool.of(1, List.of(A, B)), RoutingTable.Pool.empty(), 0);

        List<URI> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(table.next().orElseThrow().endpoint());
        }

        assertThat(seen).containsExactly(A, B, A, B);
    }

    @Test
    void releaseWithoutReadyReplicaPassesItsShareToTheOther() {
        RoutingTable table =
                RoutingTable.of(RoutingTable.Pool.of(1, List.of(A)), RoutingTable.Pool.of(2, List.of()), 100);

        assertThat(table.next()).contains(new RoutingTable.Target(1, A));
    }

    @Test
    void noReplicaAtAllGivesNoTarget() {
        assertThat(RoutingTable.empty().next()).isEqualTo(Optional.empty());
    }
}
