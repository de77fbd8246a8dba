package org.certvpn.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;
import org.junit.jupiter.api.Test;

class InboundSaTableTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.1", 4500);
    private static final byte[] KEY16 = new byte[16];
    private static final byte[] KEY20 = new byte[20];

    private static InboundSa sa(int spi) {
        return new InboundSa(new ChildSaKeys(spi, 1, EspCipher.AES_CBC_128, EspIntegrity.HMAC_SHA1_96, KEY16, KEY20,
                KEY16, KEY20, ChildSaKeys.Mode.TRANSPORT, true, 0, 0), PEER);
    }

    @Test
    void installFindRemove() {
        InboundSaTable table = new InboundSaTable();
        InboundSa a = sa(0x1000);
        assertThat(table.find(0x1000)).isNull();
        assertThat(table.install(a)).isTrue();
        assertThat(table.find(0x1000)).isSameAs(a);
        assertThat(table.install(sa(0x1000))).as("SPI already taken").isFalse();
        assertThat(table.find(0x1000)).isSameAs(a);
        assertThat(table.remove(sa(0x1000))).as("another SA with the same SPI").isFalse();
        assertThat(table.remove(a)).isTrue();
        assertThat(table.find(0x1000)).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void reservedSpisAreUniqueOutsideTheIanaRangeAndBecomeSas() {
        InboundSaTable table = new InboundSaTable();
        SplittableRandom random = new SplittableRandom(7);
        Set<Integer> spis = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            int spi = table.reserveSpi(random);
            assertThat(spi & 0xFFFF_FFFFL).isGreaterThanOrEqualTo(256);
            assertThat(spis.add(spi)).isTrue();
            assertThat(table.find(spi)).as("a reservation is not an SA").isNull();
        }
        int first = spis.iterator().next();
        InboundSa sa = sa(first);
        assertThat(table.install(sa)).isTrue();
        assertThat(table.find(first)).isSameAs(sa);
        assertThat(table.size()).isEqualTo(5000);
        assertThat(table.release(first)).isTrue();
        assertThat(table.release(first)).isFalse();
        assertThat(table.size()).isEqualTo(4999);
    }

    @Test
    void aReservedRangeFromAFixedGeneratorIsSkipped() {
        InboundSaTable table = new InboundSaTable();
        int[] values = {0, 5, 255, 256};
        int[] i = {0};
        int spi = table.reserveSpi(new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return values[i[0]++];
            }

            @Override
            public int nextInt() {
                return values[i[0]++];
            }
        });
        assertThat(spi).isEqualTo(256);
    }

    @Test
    void survivesChurnAndGrowth() {
        InboundSaTable table = new InboundSaTable();
        SplittableRandom random = new SplittableRandom(99);
        List<InboundSa> live = new ArrayList<>();
        for (int round = 0; round < 20_000; round++) {
            if (live.isEmpty() || random.nextInt(3) != 0) {
                InboundSa sa = sa(table.reserveSpi(random));
                assertThat(table.install(sa)).isTrue();
                live.add(sa);
            } else {
                InboundSa gone = live.remove(random.nextInt(live.size()));
                assertThat(table.remove(gone)).isTrue();
                assertThat(table.find(gone.spi())).isNull();
            }
        }
        for (InboundSa sa : live) {
            assertThat(table.find(sa.spi())).isSameAs(sa);
        }
        assertThat(table.size()).isEqualTo(live.size());
    }

    @Test
    void lookupsStayCorrectWhileAnotherThreadInstallsAndRemoves() throws Exception {
        InboundSaTable table = new InboundSaTable();
        List<InboundSa> stable = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            InboundSa sa = sa(table.reserveSpi(random));
            table.install(sa);
            stable.add(sa);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong wrong = new AtomicLong();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                for (InboundSa sa : stable) {
                    if (table.find(sa.spi()) != sa) {
                        wrong.incrementAndGet();
                    }
                }
            }
        });
        SplittableRandom writerRandom = new SplittableRandom(6);
        for (int i = 0; i < 30_000; i++) {
            InboundSa sa = sa(table.reserveSpi(writerRandom));
            table.install(sa);
            if (i % 2 == 0) {
                table.remove(sa);
            }
        }
        stop.set(true);
        reader.join();
        assertThat(wrong.get()).isZero();
    }
}
