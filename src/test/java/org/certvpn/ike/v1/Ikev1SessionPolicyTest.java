package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSettings;
import org.certvpn.pki.validation.TestPki;
import org.certvpn.pki.validation.TrustSettings;
import org.junit.jupiter.api.Test;

/**
 * What happens to older sessions: INITIAL-CONTACT from the same endpoint replaces them, two devices with
 * one certificate behind one NAT coexist, uniqueids makes the newest win, DPD declares a silent peer dead,
 * a rekey keeps the old SA until it is deleted, and half-open floods hit their limits.
 */
class Ikev1SessionPolicyTest {

    private static Ikev1Initiation psk(InMemoryNetwork.Node c) {
        return Ikev1ExchangeTest.pskInitiation(c);
    }

    @Test
    void initialContactFromTheSameEndpointReplacesTheOldSa() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 41);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, true, Ikev1ExchangeTest.pskClient(), 42);
        c.engine.initiate(net.now, psk(c));
        net.run();
        assertThat(gw.engine.ikeSas()).hasSize(1);
        // The phone restarts: a new Main Mode from the same address and port, with INITIAL-CONTACT.
        net.now += 60_000;
        c.engine.initiate(net.now, psk(c));
        net.run();
        assertThat(gw.up).hasSize(2);
        assertThat(gw.engine.ikeSas()).hasSize(1);
        assertThat(gw.engine.ikeSas().getFirst().serial()).isEqualTo(gw.up.get(1).serial());
        assertThat(gw.down).singleElement().asString().contains("INITIAL-CONTACT from 203.0.113.5:");
        assertThat(gw.removed).singleElement().asString().contains("INITIAL-CONTACT");
        assertThat(gw.engine.childSas()).hasSize(1);
    }

    @Test
    void withoutInitialContactAReconnectCoexists() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 43);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 44);
        c.engine.initiate(net.now, psk(c).withInitialContact(false));
        net.run();
        c.engine.initiate(net.now, psk(c).withInitialContact(false));
        net.run();
        assertThat(gw.engine.ikeSas()).hasSize(2);
        assertThat(gw.engine.childSas()).hasSize(2);
        assertThat(gw.down).isEmpty();
    }

    private static IkeSettings certGateway(TestPki.Issued server, TestPki.Issued root, boolean uniqueIds) {
        return IkeSettings.builder().localAddress(InMemoryNetwork.GATEWAY).certificate(server.certificate(), server.key())
                .trust(TrustSettings.of(List.of(root.certificate()), List.of())).uniqueIds(uniqueIds).build();
    }

    @Test
    void twoDevicesWithOneCertificateBehindOneNatCoexist() {
        TestPki.Issued root = TestPki.root("C=JP, O=Example, CN=Example Root CA");
        TestPki.Issued server = TestPki.issue(root, "C=JP, O=Example, CN=vpn.example.com", false);
        TestPki.Issued shared = TestPki.issue(root, "C=JP, O=Example, CN=family", false);
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, certGateway(server, root, false), 45);
        IkeSettings device = IkeSettings.builder().certificate(shared.certificate(), shared.key())
                .trust(TrustSettings.of(List.of(root.certificate()), List.of())).build();
        // Both devices use the same private address and certificate; the NAT gives them different ports.
        var a = net.node("phone-a", Ikev1ExchangeTest.CLIENT, true, device, 46);
        var b = net.node("phone-b", Ikev1ExchangeTest.CLIENT, true, device, 47);
        a.engine.initiate(net.now, Ikev1CertificateTest.initiation(a));
        net.run();
        b.engine.initiate(net.now, Ikev1CertificateTest.initiation(b));
        net.run();
        assertThat(gw.engine.ikeSas()).as(gw.trace()).hasSize(2);
        assertThat(gw.engine.childSas()).hasSize(2);
        assertThat(gw.down).isEmpty();
        assertThat(gw.installed.get(0).info().peer()).isNotEqualTo(gw.installed.get(1).info().peer());
        assertThat(gw.installed.get(0).info().identity()).isEqualTo(gw.installed.get(1).info().identity());
        assertThat(a.installed).hasSize(1);
        assertThat(b.installed).hasSize(1);
    }

    @Test
    void uniqueIdsLetsTheNewestConnectionWin() {
        TestPki.Issued root = TestPki.root("C=JP, O=Example, CN=Example Root CA");
        TestPki.Issued server = TestPki.issue(root, "C=JP, O=Example, CN=vpn.example.com", false);
        TestPki.Issued bob = TestPki.issue(root, "C=JP, O=Example, CN=bob", false);
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, certGateway(server, root, true), 48);
        IkeSettings device = IkeSettings.builder().certificate(bob.certificate(), bob.key())
                .trust(TrustSettings.of(List.of(root.certificate()), List.of())).build();
        var laptop = net.node("laptop", Ikev1ExchangeTest.CLIENT, true, device, 49);
        var phone = net.node("phone", InMemoryNetwork.address("198.51.100.20"), false, device, 50);
        laptop.engine.initiate(net.now, Ikev1CertificateTest.initiation(laptop));
        net.run();
        phone.engine.initiate(net.now, Ikev1CertificateTest.initiation(phone));
        net.run();
        assertThat(gw.engine.ikeSas()).hasSize(1);
        assertThat(gw.engine.ikeSas().getFirst().peer().address()).isEqualTo(phone.address);
        assertThat(gw.down).singleElement().asString().contains("replaced by a newer connection of CN=bob");
        assertThat(gw.engine.childSas()).hasSize(1);
    }

    @Test
    void deadPeerDetectionDeclaresASilentPeerDead() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 51);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 52);
        c.engine.initiate(net.now, psk(c));
        net.run();
        assertThat(gw.engine.ikeSas()).hasSize(1);
        // A live peer answers R-U-THERE: nothing happens for minutes.
        net.advance(Duration.ofMinutes(5).toMillis());
        assertThat(gw.down).isEmpty();
        // The phone vanishes (radio off): nothing reaches it any more.
        net.drop(p -> p.to().address().equals(c.address));
        net.advance(Duration.ofSeconds(29).toMillis());
        assertThat(gw.down).isEmpty();
        net.advance(Duration.ofSeconds(160).toMillis());
        assertThat(gw.down).singleElement().asString().contains("dead peer (DPD)");
        assertThat(gw.removed).singleElement().asString().contains("dead peer (DPD)");
        assertThat(gw.trace()).contains("peer dead: no answer to R-U-THERE for 120 s");
        assertThat(gw.engine.ikeSas()).isEmpty();
        assertThat(gw.engine.childSas()).isEmpty();
    }

    /**
     * RFC 3706 §5.5: probe only an idle peer. ESP on the child SA (the client answering the gateway's LCP
     * echoes every 30 s) keeps R-U-THERE away; once it stops, the probe goes out one DPD delay (30 s) after
     * the last ESP.
     */
    @Test
    void espOnAChildSaPostponesDpdAndItsSilenceBringsTheProbeBack() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 51);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 52);
        c.engine.initiate(net.now, psk(c));
        net.run();
        int inbound = gw.engine.childSas().getFirst().inboundSpi();
        long start = net.now;
        long quietFrom = start + Duration.ofMinutes(5).toMillis() + 7_000;
        List<Integer> asked = new java.util.ArrayList<>();
        gw.espReceived = spi -> {
            asked.add(spi);
            long last = Math.min(net.now, quietFrom);
            return spi == inbound ? last - (last - start) % 30_000 : Long.MIN_VALUE;
        };
        c.espReceived = spi -> net.now; // the client sees the gateway's LCP echoes: it does not probe either
        List<Long> sentAt = new java.util.ArrayList<>();
        net.drop(p -> p.from() == gw && sentAt.add(net.now) && false);

        net.advance(quietFrom - start);
        assertThat(sentAt).as("no R-U-THERE while ESP arrives").isEmpty();
        assertThat(asked).as("asked about its own child SA").isNotEmpty().containsOnly(inbound);

        net.advance(Duration.ofSeconds(60).toMillis());
        long lastEsp = quietFrom - (quietFrom - start) % 30_000;
        assertThat(sentAt).as("R-U-THERE one DPD delay after the last ESP").first().isEqualTo(lastEsp + 30_000);
        assertThat(gw.down).isEmpty();
    }

    /** A DELETE names SPIs; only the sending peer's own SAs are looked up, whatever SPI it names. */
    @Test
    void aPeerCannotDeleteAnotherPeersChildSaByNamingItsSpi() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 61);
        var a = net.node("a", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 62);
        var b = net.node("b", InMemoryNetwork.address("198.51.100.11"), false, Ikev1ExchangeTest.pskClient(), 63);
        a.engine.initiate(net.now, psk(a));
        b.engine.initiate(net.now, psk(b));
        net.run();
        assertThat(gw.engine.childSas()).hasSize(2);
        var ofA = gw.installed.stream().filter(i -> i.info().peer().address().equals(a.address)).findFirst().orElseThrow();
        var ofB = gw.installed.stream().filter(i -> i.info().peer().address().equals(b.address)).findFirst().orElseThrow();
        Ikev1Sa saOfA = gw.engine.ikeSa(ofA.info().ikeSaSerial());

        gw.engine.peerDeletedChild(net.now, saOfA, ofB.info().outboundSpi());
        gw.engine.peerDeletedChild(net.now, saOfA, ofB.info().inboundSpi());
        assertThat(gw.removed).isEmpty();
        assertThat(gw.engine.childSas()).hasSize(2);

        gw.engine.peerDeletedChild(net.now, saOfA, ofA.info().outboundSpi());
        assertThat(gw.removed).singleElement().asString().contains("deleted by peer");
        assertThat(gw.engine.childSas()).singleElement()
                .satisfies(ch -> assertThat(ch.inboundSpi()).isEqualTo(ofB.info().inboundSpi()));
    }

    @Test
    void peerDeletingTheIkeSaTakesItsChildrenWhenItSaysSo() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 55);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 56);
        long serial = c.engine.initiate(net.now, psk(c));
        net.run();
        c.engine.deleteIkeSa(net.now, serial, "user disconnected");
        net.run();
        assertThat(gw.down).singleElement().asString().contains("deleted by peer");
        assertThat(gw.engine.childSas()).isEmpty();
        assertThat(gw.engine.ikeSas()).isEmpty();
    }

    @Test
    void longerChildLifetimeIsAnsweredWithResponderLifetime() {
        InMemoryNetwork net = new InMemoryNetwork();
        // DPD off: eight hours of probes would only slow the test down.
        var noDpd = new IkeSettings.DpdSettings(false, Duration.ofSeconds(30), Duration.ofSeconds(120));
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false,
                Ikev1ExchangeTest.pskGateway().toBuilder().dpd(noDpd).build(), 57);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false,
                Ikev1ExchangeTest.pskClient().toBuilder().dpd(noDpd).build(), 58);
        c.engine.initiate(net.now, psk(c).withChildLifetime(Duration.ofHours(24)));
        net.run();
        assertThat(gw.installed.getFirst().keys().lifetimeSeconds()).isEqualTo(28800);
        assertThat(c.installed.getFirst().keys().lifetimeSeconds()).isEqualTo(28800);
        assertThat(gw.trace()).contains("RESPONDER-LIFETIME sent");
        // When it runs out, the pair is removed and the peer told.
        net.advance(Duration.ofHours(8).toMillis() + 1000);
        assertThat(gw.removed).singleElement().asString().contains("lifetime expired");
        assertThat(c.removed).hasSize(1);
    }

    @Test
    void halfOpenLimitPerSourceAndTimeout() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 59);
        for (int i = 1; i <= 20; i++) {
            gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, IsakmpMessageFixtures.windowsMm1(i));
        }
        assertThat(gw.engine.halfOpenCount()).isEqualTo(16);
        assertThat(gw.engine.counters().drops(DropReason.HALF_OPEN_LIMIT)).isEqualTo(4);
        // Another source still gets in.
        gw.engine.receive(net.now, 500, InMemoryNetwork.address("198.51.100.77"), 500, IsakmpMessageFixtures.windowsMm1(99));
        assertThat(gw.engine.halfOpenCount()).isEqualTo(17);
        // A retransmitted first message is answered from the cache, not counted again.
        gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, IsakmpMessageFixtures.windowsMm1(1));
        assertThat(gw.engine.halfOpenCount()).isEqualTo(17);
        assertThat(gw.engine.counters().retransmitsAnswered()).isEqualTo(1);
        net.advance(Duration.ofSeconds(46).toMillis());
        assertThat(gw.engine.halfOpenCount()).isZero();
        assertThat(gw.trace()).contains("negotiation timed out in state MM_R2_SENT after 45 s");
    }

    @Test
    void limitRefusalsAreTracedOncePerIntervalNotOncePerPacket() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 63);
        for (int i = 1; i <= 1_000; i++) {
            gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, IsakmpMessageFixtures.windowsMm1(i));
        }
        assertThat(gw.engine.counters().drops(DropReason.HALF_OPEN_LIMIT)).isEqualTo(984);
        assertThat(gw.trace().lines().filter(l -> l.contains("half-open limit reached"))).singleElement().asString()
                .contains("16 negotiating from this address, limit 16");
        net.advance(Ikev1Engine.REFUSAL_LOG_INTERVAL_MILLIS);
        gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, IsakmpMessageFixtures.windowsMm1(5_000));
        assertThat(gw.trace().lines().filter(l -> l.contains("half-open limit reached")).toList()).hasSize(2)
                .last().asString().contains("and 983 more like it");
    }

    @Test
    void spoofedOrReplayedMessagesDoNotMoveTheSa() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 61);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 62);
        java.util.List<byte[]> fromClient = new java.util.ArrayList<>();
        net.drop(p -> {
            if (p.from() == c) {
                fromClient.add(p.data());
            }
            return false;
        });
        c.engine.initiate(net.now, psk(c));
        net.run();
        Endpoint original = gw.engine.ikeSas().getFirst().peer();
        var attacker = InMemoryNetwork.address("203.0.113.66");
        // Main Mode message 5, replayed from elsewhere: answered (it is a retransmission) but the SA stays.
        byte[] mm5 = fromClient.get(2);
        gw.engine.receive(net.now, 500, attacker, 4500, mm5);
        // An "encrypted" message with the right cookies and garbage inside.
        byte[] garbage = java.util.Arrays.copyOf(mm5, mm5.length);
        garbage[garbage.length - 1] ^= 0x55;
        garbage[18] = 32;
        garbage[20] = 1;
        gw.engine.receive(net.now, 500, attacker, 4500, garbage);
        assertThat(gw.engine.ikeSas().getFirst().peer()).isEqualTo(original);
        assertThat(gw.engine.counters().retransmitsAnswered()).isEqualTo(1);
        assertThat(gw.engine.counters().totalDrops()).isEqualTo(1);
        assertThat(gw.trace()).doesNotContain("peer moved");
    }

    @Test
    void garbageIsDroppedAndCounted() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 60);
        gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, new byte[10]);
        byte[] truncated = IsakmpMessageFixtures.windowsMm1(5);
        gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, java.util.Arrays.copyOf(truncated, 100));
        byte[] unknown = IsakmpMessageFixtures.windowsMm1(6);
        unknown[15] = 1;
        gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, unknown);
        byte[] v2 = IsakmpMessageFixtures.windowsMm1(7);
        v2[17] = 0x20;
        gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, v2);
        assertThat(gw.engine.counters().drops(DropReason.TOO_SHORT)).isEqualTo(1);
        assertThat(gw.engine.counters().drops(DropReason.MALFORMED)).isEqualTo(1);
        assertThat(gw.engine.counters().drops(DropReason.UNKNOWN_SA)).isEqualTo(1);
        assertThat(gw.engine.counters().drops(DropReason.UNSUPPORTED_VERSION)).isEqualTo(1);
        assertThat(gw.engine.halfOpenCount()).isZero();
    }
}
