package org.certvpn.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressPoolTest {
    private static final int GATEWAY = Ipv4.parse("203.0.113.128");

    @Test
    void parsesXl2tpdStyleRangesAndStrictDottedQuads() {
        Ipv4Range r = Ipv4Range.parse("203.0.113.128 - 203.0.113.254");
        assertThat(r.size()).isEqualTo(127);
        assertThat(r.toString()).isEqualTo("203.0.113.128-203.0.113.254");
        assertThat(Ipv4Range.parse("198.51.100.7").size()).isEqualTo(1);
        assertThat(Ipv4.format(Ipv4.parse("192.0.2.255"))).isEqualTo("192.0.2.255");
        for (String bad : List.of("192.0.2", "192.0.2.256", "192.0.2.1.", "192.0.02.1", "a.b.c.d", "", " 192.0.2.1",
                "192.0.2.1x", "1234.0.0.1")) {
            assertThatThrownBy(() -> Ipv4.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Ipv4Range.parse("203.0.113.9-203.0.113.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts after it ends");
    }

    @Test
    void handsOutEveryDynamicAddressOnceThenReportsExhaustion() {
        AddressPool pool = AddressPool.of(Ipv4Range.parse("203.0.113.128-203.0.113.135"), List.of(), List.of(GATEWAY));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            OptionalInt a = pool.allocate();
            assertThat(a).isPresent();
            assertThat(a.getAsInt()).isNotEqualTo(GATEWAY);
            assertThat(seen.add(a.getAsInt())).as("never handed out twice").isTrue();
        }
        assertThat(pool.allocate()).isEmpty();
        assertThat(pool.exhaustions()).isEqualTo(1);
        assertThat(pool.leased()).isEqualTo(7);
        assertThat(pool.free()).isZero();
    }

    @Test
    void releasedAddressesComeBackLastAndDoubleReleaseIsRefused() {
        AddressPool pool = AddressPool.of(Ipv4Range.parse("198.51.100.10-198.51.100.13"));
        int a = pool.allocate().getAsInt();
        int b = pool.allocate().getAsInt();
        assertThat(pool.release(a)).isTrue();
        assertThat(pool.release(a)).as("already free").isFalse();
        assertThat(pool.release(Ipv4.parse("192.0.2.1"))).as("not in pool").isFalse();
        int c = pool.allocate().getAsInt();
        int d = pool.allocate().getAsInt();
        assertThat(List.of(c, d)).doesNotContain(a, b);
        assertThat(pool.allocate().getAsInt()).as("the released one, after the never-used ones").isEqualTo(a);
        assertThat(pool.allocate()).isEmpty();
    }

    @Test
    void reservedAddressesAreClaimedByNameOnlyAndHaveSlots() {
        int insideReserved = Ipv4.parse("203.0.113.130");
        int outsideReserved = Ipv4.parse("192.0.2.77");
        AddressPool pool = AddressPool.of(Ipv4Range.parse("203.0.113.129-203.0.113.131"),
                List.of(insideReserved, outsideReserved), List.of());
        assertThat(pool.slots()).isEqualTo(4);
        assertThat(pool.slotOf(outsideReserved)).isEqualTo(3);
        assertThat(pool.addressOf(3)).isEqualTo(outsideReserved);
        assertThat(pool.slotOf(insideReserved)).isEqualTo(1);
        assertThat(pool.slotOf(Ipv4.parse("192.0.2.78"))).isEqualTo(-1);

        assertThat(pool.allocate().getAsInt()).isNotEqualTo(insideReserved);
        assertThat(pool.allocate().getAsInt()).isNotEqualTo(insideReserved);
        assertThat(pool.allocate()).as("reserved address is not dynamic").isEmpty();

        assertThat(pool.claim(outsideReserved)).isTrue();
        assertThat(pool.claim(outsideReserved)).as("already leased").isFalse();
        assertThat(pool.claim(Ipv4.parse("203.0.113.129"))).as("dynamic, not reserved").isFalse();
        assertThat(pool.isLeased(outsideReserved)).isTrue();
        assertThat(pool.release(outsideReserved)).isTrue();
        assertThat(pool.claim(outsideReserved)).isTrue();
        assertThat(pool.free()).isZero();
    }

    @Test
    void slotLookupCoversTheWholeRangeAndManyReservations() {
        Ipv4Range range = Ipv4Range.parse("198.51.100.0-198.51.100.255");
        List<Integer> outside = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            outside.add(Ipv4.parse("203.0.113.0") + i);
        }
        AddressPool pool = AddressPool.of(range, outside, List.of(Ipv4.parse("198.51.100.1")));
        for (int i = 0; i < 256; i++) {
            int expected = i == 1 ? -1 : i;
            assertThat(pool.slotOf(range.first() + i)).isEqualTo(expected);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(pool.addressOf(pool.slotOf(outside.get(i)))).isEqualTo(outside.get(i));
        }
        assertThat(pool.slotOf(Ipv4.parse("203.0.113.200"))).isEqualTo(-1);
    }

    @Test
    void randomLeaseAndReleaseNeverHandsOutAnAddressTwice() {
        int reservedInside = Ipv4.parse("203.0.113.140");
        int reservedOutside = Ipv4.parse("192.0.2.200");
        AddressPool pool = AddressPool.of(Ipv4Range.parse("203.0.113.129-203.0.113.160"),
                List.of(reservedInside, reservedOutside), List.of(Ipv4.parse("203.0.113.129")));
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        Set<Integer> leased = new HashSet<>();
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(4);
            if (op <= 1) {
                OptionalInt a = pool.allocate();
                if (a.isPresent()) {
                    assertThat(leased.add(a.getAsInt())).isTrue();
                    assertThat(a.getAsInt()).isNotIn(reservedInside, reservedOutside, Ipv4.parse("203.0.113.129"));
                } else {
                    assertThat(pool.free()).isZero();
                }
            } else if (op == 2 && !leased.isEmpty()) {
                int victim = leased.stream().skip(random.nextInt(leased.size())).findFirst().orElseThrow();
                assertThat(pool.release(victim)).isTrue();
                leased.remove(victim);
            } else {
                int r = random.nextBoolean() ? reservedInside : reservedOutside;
                assertThat(pool.claim(r)).isEqualTo(leased.add(r));
            }
            assertThat(pool.leased()).isEqualTo(leased.size());
        }
    }
}
