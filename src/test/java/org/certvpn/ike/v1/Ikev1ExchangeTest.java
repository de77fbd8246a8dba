package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.certvpn.crypto.DhGroup;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.PreSharedKeys;
import org.certvpn.ipsec.ChildSaKeys;
import org.junit.jupiter.api.Test;

/**
 * Our initiator drives our responder through Main Mode and Quick Mode over the in-memory network, with
 * seeded randomness and a fake clock; both sides must derive the same ESP keys.
 */
class Ikev1ExchangeTest {
    static final byte[] PSK = "correct horse battery staple".getBytes(StandardCharsets.US_ASCII);
    static final InetAddress CLIENT = InMemoryNetwork.address("198.51.100.10");

    static IkeSettings pskGateway() {
        return IkeSettings.builder().localAddress(InMemoryNetwork.GATEWAY)
                .preSharedKeys(PreSharedKeys.of(List.of(PreSharedKeys.forAny(PSK)))).build();
    }

    static IkeSettings pskClient() {
        return IkeSettings.builder().build();
    }

    static Ikev1Initiation pskInitiation(InMemoryNetwork.Node client) {
        return Ikev1Initiation.android(new Endpoint(InMemoryNetwork.GATEWAY, 500), client.address, Optional.of(PSK));
    }

    /** The two halves of one SA pair must agree crosswise. */
    static void assertMirrored(ChildSaKeys gateway, ChildSaKeys client) {
        assertThat(gateway.inboundSpi()).isEqualTo(client.outboundSpi());
        assertThat(gateway.outboundSpi()).isEqualTo(client.inboundSpi());
        assertThat(gateway.cipher()).isEqualTo(client.cipher());
        assertThat(gateway.integrity()).isEqualTo(client.integrity());
        assertThat(gateway.inboundEncryptionKey()).isEqualTo(client.outboundEncryptionKey());
        assertThat(gateway.inboundIntegrityKey()).isEqualTo(client.outboundIntegrityKey());
        assertThat(gateway.outboundEncryptionKey()).isEqualTo(client.inboundEncryptionKey());
        assertThat(gateway.outboundIntegrityKey()).isEqualTo(client.inboundIntegrityKey());
        assertThat(gateway.inboundEncryptionKey()).isNotEqualTo(gateway.outboundEncryptionKey());
        assertThat(gateway.udpEncapsulated()).isEqualTo(client.udpEncapsulated());
        assertThat(gateway.mode()).isEqualTo(ChildSaKeys.Mode.TRANSPORT);
    }

    @Test
    void preSharedKeyMainModeAndQuickMode() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, pskGateway(), 1);
        var client = net.node("client", CLIENT, false, pskClient(), 100);
        client.engine.initiate(net.now, pskInitiation(client));
        net.run();

        assertThat(gw.up).as(gw.trace()).hasSize(1);
        assertThat(client.up).as(client.trace()).hasSize(1);
        assertThat(gw.up.getFirst().identity()).isEqualTo(PeerIdentity.preSharedKey("198.51.100.10"));
        assertThat(gw.up.getFirst().proposal()).isEqualTo("AES_CBC_256/SHA2_256/MODP_1024/PSK");
        assertThat(gw.installed).as(gw.trace()).hasSize(1);
        assertThat(client.installed).as(client.trace()).hasSize(1);
        ChildSaKeys g = gw.installed.getFirst().keys();
        assertMirrored(g, client.installed.getFirst().keys());
        assertThat(g.udpEncapsulated()).isFalse();
        assertThat(g.lifetimeSeconds()).isEqualTo(28800);
        assertThat(gw.installed.getFirst().info().peerTrafficAddress()).contains(CLIENT);
        assertThat(gw.installed.getFirst().info().peer()).isEqualTo(new Endpoint(CLIENT, 500));
        assertThat(gw.engine.counters().totalDrops()).isZero();
        assertThat(gw.engine.halfOpenCount()).isZero();
        assertThat(gw.trace()).contains("proposal chosen: AES_CBC_256/SHA2_256/MODP_1024/PSK")
                .contains("peer authenticated by PSK for %any").contains("child SA installed");
    }

    @Test
    void perfectForwardSecrecyInQuickMode() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, pskGateway(), 2);
        var client = net.node("client", CLIENT, false, pskClient(), 200);
        client.engine.initiate(net.now, pskInitiation(client).withPfs(DhGroup.MODP_2048));
        net.run();
        assertThat(gw.installed).as(gw.trace()).hasSize(1);
        assertThat(client.installed).hasSize(1);
        assertMirrored(gw.installed.getFirst().keys(), client.installed.getFirst().keys());
        assertThat(gw.trace()).contains("PFS MODP_2048");
    }

    @Test
    void commitBitIsAnsweredWithConnected() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, pskGateway(), 4);
        var client = net.node("client", CLIENT, false, pskClient(), 400);
        client.engine.initiate(net.now, pskInitiation(client).withCommitBit(true));
        net.run();
        assertThat(gw.installed).hasSize(1);
        assertThat(gw.trace()).contains("commit bit set: sending CONNECTED");
        assertThat(client.trace()).contains("peer notifies CONNECTED");
    }

    @Test
    void verboseTraceAddsPacketLevelLines() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, pskGateway().toBuilder().verboseTrace(true).build(), 5);
        var quiet = net.node("client", CLIENT, false, pskClient(), 500);
        quiet.engine.initiate(net.now, pskInitiation(quiet));
        net.run();
        assertThat(gw.trace()).contains("<- Main Mode message 5: ID, HASH, N").contains("-> ")
                .contains("MM_R2_SENT -> MM_R4_SENT");
        assertThat(quiet.trace()).doesNotContain("<- Main Mode");
    }

    @Test
    void everyAlgorithmCombinationAgrees() {
        for (var cipher : org.certvpn.crypto.IkeCipher.values()) {
            for (var hash : org.certvpn.crypto.IkeHash.values()) {
                InMemoryNetwork net = new InMemoryNetwork();
                var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, pskGateway(), cipher.ordinal() * 10L + hash.ordinal());
                var client = net.node("client", CLIENT, false, pskClient(), 300 + hash.ordinal());
                client.engine.initiate(net.now, pskInitiation(client)
                        .withIkeOffers(List.of(new Ikev1Initiation.IkeOffer(cipher, hash, DhGroup.ECP_256))));
                net.run();
                assertThat(gw.installed).as(cipher + "/" + hash + "\n" + gw.trace()).hasSize(1);
                assertMirrored(gw.installed.getFirst().keys(), client.installed.getFirst().keys());
            }
        }
    }

    @Test
    void retransmittedRequestIsAnsweredFromCache() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, pskGateway(), 3);
        var client = net.node("client", CLIENT, false, pskClient(), 300);
        // Lose the gateway's first copy of message 4 and of message 6: the client retransmits 3 and 5.
        int[] lost = {0, 0};
        net.drop(p -> p.from() == gw && p.data()[18] == 2 && (p.data()[19] & 1) == 0 && p.data().length > 200
                && lost[0]++ == 0);
        net.drop(p -> p.from() == gw && p.data()[18] == 2 && (p.data()[19] & 1) == 1 && lost[1]++ == 0);
        client.engine.initiate(net.now, pskInitiation(client));
        net.run();
        assertThat(gw.up).isEmpty();
        net.advance(3_000);
        net.advance(5_000);
        assertThat(gw.up).as(gw.trace()).hasSize(1);
        assertThat(client.installed).as(client.trace()).hasSize(1);
        assertThat(gw.engine.counters().retransmitsAnswered()).isEqualTo(2);
        assertMirrored(gw.installed.getFirst().keys(), client.installed.getFirst().keys());
        assertThat(gw.engine.counters().drops(DropReason.DECRYPTION_FAILED)).isZero();
    }

    /**
     * A lost Quick Mode message 3 (the client's last word: it has installed its SAs and waits for nothing)
     * is recovered by the responder sending message 2 again, which the client answers from its cache.
     */
    @Test
    void lostQuickModeMessage3IsRecoveredByRetransmittingMessage2() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, pskGateway(), 4);
        var client = net.node("client", CLIENT, false, pskClient(), 400);
        int[] lost = {0};
        net.drop(p -> p.from() == client && p.data()[18] == 32 && p.data().length < 100 && lost[0]++ == 0);
        client.engine.initiate(net.now, pskInitiation(client));
        net.run();
        assertThat(lost[0]).as("message 3 was sent once and lost").isEqualTo(1);
        assertThat(client.installed).as(client.trace()).hasSize(1);
        assertThat(gw.installed).as("no message 3, no SA yet").isEmpty();

        net.advance(Ikev1Engine.RESPONDER_RETRANSMIT_MILLIS);
        assertThat(gw.installed).as(gw.trace()).hasSize(1);
        assertThat(gw.trace()).contains("message 2 sent again (1)");
        assertThat(client.engine.counters().retransmitsAnswered()).isEqualTo(1);
        assertThat(client.installed).as("the client installs nothing twice").hasSize(1);
        assertMirrored(gw.installed.getFirst().keys(), client.installed.getFirst().keys());

        net.advance(60_000);
        assertThat(gw.trace()).doesNotContain("message 2 sent again (2)");
    }

    @Test
    void quickModeMessage2IsSentAgainAFewTimesThenTheNegotiationTimesOut() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, pskGateway(), 5);
        var client = net.node("client", CLIENT, false, pskClient(), 500);
        net.drop(p -> p.from() == client && p.data()[18] == 32 && p.data().length < 100);
        client.engine.initiate(net.now, pskInitiation(client));
        net.run();
        for (int i = 0; i < 40; i++) {
            net.advance(1_000);
        }
        assertThat(gw.trace()).contains("message 2 sent again (" + Ikev1Engine.RESPONDER_RETRANSMITS + ")")
                .doesNotContain("message 2 sent again (" + (Ikev1Engine.RESPONDER_RETRANSMITS + 1) + ")");
        assertThat(client.engine.counters().retransmitsAnswered()).isEqualTo(Ikev1Engine.RESPONDER_RETRANSMITS);
        assertThat(gw.installed).isEmpty();
        net.advance(120_000);
        assertThat(gw.trace()).contains("timed out");
    }
}
