package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.certvpn.crypto.DhKeySource;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.PreSharedKeys;
import org.certvpn.pki.validation.TestPki;

/**
 * The responder's whole receive path fed arbitrary datagrams (split from the fuzz input, delivered on
 * port 500 or 4500 from a few source endpoints, with time passing): no exception may escape (the engine
 * counts one as INTERNAL_ERROR, which must stay zero) and state stays bounded by the limits. Seeded
 * randomness makes the responder's cookies repeatable, so the fuzzer can reach later messages.
 * Seeds: {@code ResponderReceiveFuzzTestInputs/receive/} (Windows MM1 and follow-ups).
 */
class ResponderReceiveFuzzTest {
    private static final IkeSettings SETTINGS = IkeSettings.builder().localAddress(InMemoryNetwork.GATEWAY)
            .preSharedKeys(PreSharedKeys.of(List.of(PreSharedKeys.forAny("secret".getBytes()))))
            .aggressiveMode(true)
            .limits(new IkeSettings.Limits(4, 8, java.time.Duration.ofSeconds(45)))
            .build();
    private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    private static final IkeListener SINK = new IkeListener() {
        @Override
        public void send(int localPort, Endpoint remote, byte[] datagram) {}
    };

    @FuzzTest(maxDuration = "60s")
    void receive(FuzzedDataProvider data) {
        Ikev1Engine engine = new Ikev1Engine(SETTINGS, SINK, new Random(7), DhKeySource.from(new Random(8)), CLOCK);
        long now = 1_000;
        int datagrams = 0;
        while (data.remainingBytes() > 0 && datagrams++ < 8) {
            int port = data.consumeBoolean() ? 500 : 4500;
            int source = data.consumeInt(0, 2);
            now += data.consumeInt(0, 20_000);
            byte[] d = data.consumeBoolean() ? data.consumeBytes(data.consumeInt(0, 2048)) : data.consumeRemainingAsBytes();
            engine.receive(now, port, InMemoryNetwork.address("198.51.100." + (10 + source)), 500 + source, d);
            if (engine.nextDeadline() <= now) {
                engine.onTimer(now);
            }
            assertThat(engine.halfOpenCount()).isBetween(0, SETTINGS.limits().halfOpenGlobal());
            assertThat(engine.fragmentReassemblies()).isLessThanOrEqualTo(SETTINGS.fragmentation().maxReassemblies());
        }
        engine.onTimer(now + 3_600_000);
        assertThat(engine.counters().drops(DropReason.INTERNAL_ERROR)).isZero();
        assertThat(engine.halfOpenCount()).isZero();
    }
}
