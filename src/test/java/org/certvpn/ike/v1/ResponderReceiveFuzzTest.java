package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.DhKeyPair;
import org.certvpn.crypto.DhKeySource;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.PreSharedKeys;
import org.certvpn.pki.validation.TestPki;

/**
 * The responder's whole receive path fed arbitrary datagrams: no exception may escape (the engine counts
 * one as INTERNAL_ERROR, which must stay zero) and state stays bounded by the limits.
 *
 * <p>To reach past the first message, each run first replays a prefix of a recorded real negotiation
 * (Main Mode, Quick Mode, a DPD probe, DELETEs, all from our initiator; the responder's seeded randomness
 * makes it answer identically), then sends a mutation of the next recorded message, then arbitrary
 * datagrams. Seeds: {@code ResponderReceiveFuzzTestInputs/receive/}.
 */
class ResponderReceiveFuzzTest {
    private static final IkeSettings SETTINGS = IkeSettings.builder().localAddress(InMemoryNetwork.GATEWAY)
            .preSharedKeys(PreSharedKeys.of(List.of(PreSharedKeys.forAny("secret".getBytes()))))
            .aggressiveMode(true)
            .limits(new IkeSettings.Limits(4, 8, java.time.Duration.ofSeconds(45)))
            .build();
    private static final long SEED = 7;
    private static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
    private static final IkeListener SINK = new IkeListener() {
        @Override
        public void send(int localPort, Endpoint remote, byte[] datagram) {}
    };
    /** What our initiator sent the responder in a real negotiation: datagram, source port, destination port. */
    private record Sent(byte[] data, int fromPort, int toPort) {}

    private static final List<Sent> RECORDED = record();

    private static List<Sent> record() {
        InMemoryNetwork net = new InMemoryNetwork();
        net.node("gateway", InMemoryNetwork.GATEWAY, false, SETTINGS, SEED);
        var client = net.node("client", Ikev1ExchangeTest.CLIENT, false, IkeSettings.builder().build(), 99);
        List<Sent> out = new ArrayList<>();
        net.drop(p -> {
            if (p.from() == client) {
                out.add(new Sent(p.data(), p.localPort(), p.to().port()));
            }
            return false;
        });
        long serial = client.engine.initiate(net.now, Ikev1Initiation.android(new Endpoint(InMemoryNetwork.GATEWAY, 500),
                client.address, Optional.of("secret".getBytes())).withForceEncapsulation(true));
        net.run();
        net.advance(40_000);
        client.engine.deleteIkeSa(net.now, serial, "done");
        net.run();
        return List.copyOf(out);
    }

    /**
     * The same key pairs as {@code DhKeySource.from(new Random(SEED + 1))} would give this input, remembered
     * across inputs together with their shared secrets. Without it four of five samples of a run were the
     * responder's two modular exponentiations of a replayed Main Mode, which are deterministic and not
     * what this target tests; with it the target runs several times faster and so goes deeper.
     */
    private static final class RememberedDh implements DhKeySource {
        /** By the groups asked for so far in one input: the key pair the n-th request gets. */
        private static final Map<List<DhGroup>, DhKeyPair> PAIRS = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<DhGroup>, DhKeyPair> eldest) {
                return size() > 256;
            }
        };
        private final List<DhGroup> asked = new ArrayList<>();

        @Override
        public DhKeyPair generate(DhGroup group) {
            asked.add(group);
            return PAIRS.computeIfAbsent(List.copyOf(asked), RememberedDh::replay);
        }

        /** The key pair a fresh seeded source gives at the end of {@code groups}. */
        private static DhKeyPair replay(List<DhGroup> groups) {
            DhKeySource source = DhKeySource.from(new Random(SEED + 1));
            DhKeyPair pair = null;
            for (DhGroup g : groups) {
                pair = source.generate(g);
            }
            return new RememberedSecrets(pair);
        }
    }

    /** A key pair that remembers its last few shared secrets (mutated peer values are computed afresh). */
    private record RememberedSecrets(DhKeyPair pair, Map<ByteBuffer, byte[]> secrets) implements DhKeyPair {
        RememberedSecrets(DhKeyPair pair) {
            this(pair, new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ByteBuffer, byte[]> eldest) {
                    return size() > 16;
                }
            });
        }

        @Override
        public DhGroup group() {
            return pair.group();
        }

        @Override
        public byte[] publicValue() {
            return pair.publicValue();
        }

        @Override
        public byte[] sharedSecret(byte[] peer) throws InvalidKeyException {
            ByteBuffer key = ByteBuffer.wrap(peer.clone());
            byte[] known = secrets.get(key);
            if (known == null) {
                known = pair.sharedSecret(peer);
                secrets.put(key, known);
            }
            return known.clone();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void receive(FuzzedDataProvider data) {
        Ikev1Engine engine = new Ikev1Engine(SETTINGS, SINK, new Random(SEED), new RememberedDh(), CLOCK);
        long now = 1_000_000;
        int replay = data.consumeInt(0, RECORDED.size());
        for (int i = 0; i < replay; i++) {
            Sent s = RECORDED.get(i);
            engine.receive(now, InMemoryNetwork.GATEWAY, s.toPort(), Ikev1ExchangeTest.CLIENT, s.fromPort(), s.data());
        }
        if (replay < RECORDED.size()) {
            Sent s = RECORDED.get(replay);
            byte[] mutated = s.data().clone();
            int flips = data.consumeInt(0, 4);
            for (int i = 0; i < flips; i++) {
                mutated[data.consumeInt(0, mutated.length - 1)] = data.consumeByte();
            }
            if (data.consumeBoolean()) {
                mutated = java.util.Arrays.copyOf(mutated, data.consumeInt(0, mutated.length + 8));
            }
            engine.receive(now, InMemoryNetwork.GATEWAY, s.toPort(), Ikev1ExchangeTest.CLIENT, s.fromPort(), mutated);
        }
        int datagrams = 0;
        while (data.remainingBytes() > 0 && datagrams++ < 6) {
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

    /** The recording must be the real thing: the full prefix, replayed, establishes the SAs. */
    @org.junit.jupiter.api.Test
    void recordingReplaysToAnEstablishedSa() {
        List<String> events = new ArrayList<>();
        IkeListener listener = new IkeListener() {
            @Override
            public void send(int localPort, Endpoint remote, byte[] datagram) {}

            @Override
            public void childSaInstalled(org.certvpn.ike.ChildSaInfo child, org.certvpn.ipsec.ChildSaKeys keys) {
                events.add("child");
            }

            @Override
            public void ikeSaDown(org.certvpn.ike.IkeSaInfo sa, String reason) {
                events.add("down");
            }
        };
        Ikev1Engine engine = new Ikev1Engine(SETTINGS, listener, new Random(SEED), DhKeySource.from(new Random(SEED + 1)),
                CLOCK);
        for (Sent s : RECORDED) {
            engine.receive(1_000_000, InMemoryNetwork.GATEWAY, s.toPort(), Ikev1ExchangeTest.CLIENT, s.fromPort(), s.data());
        }
        assertThat(events).containsExactly("child", "down");
        assertThat(engine.counters().totalDrops()).isZero();
    }
}
