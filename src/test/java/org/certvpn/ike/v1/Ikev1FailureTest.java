package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ike.AlgorithmPolicy;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.PreSharedKeys;
import org.junit.jupiter.api.Test;

/** Negotiations that must fail, each with a trace line that says why. */
class Ikev1FailureTest {

    private static InMemoryNetwork.Node[] run(IkeSettings gatewaySettings, Ikev1Initiation.IkeOffer offer, byte[] psk) {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, gatewaySettings, 31);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 32);
        Ikev1Initiation init = Ikev1Initiation.android(new Endpoint(InMemoryNetwork.GATEWAY, 500), c.address,
                Optional.of(psk));
        if (offer != null) {
            init = init.withIkeOffers(List.of(offer));
        }
        c.engine.initiate(net.now, init);
        net.run();
        return new InMemoryNetwork.Node[] {gw, c};
    }

    @Test
    void wrongPreSharedKey() {
        var nodes = run(Ikev1ExchangeTest.pskGateway(), null, "not the secret".getBytes(StandardCharsets.US_ASCII));
        assertThat(nodes[0].up).isEmpty();
        assertThat(nodes[0].trace()).contains("authentication failed: none of 1 pre-shared key(s) for 198.51.100.10 "
                + "decrypts Main Mode message 5 to a valid HASH_I (wrong pre-shared key?)");
        assertThat(nodes[0].engine.counters().drops(DropReason.AUTHENTICATION_FAILED)).isEqualTo(1);
        assertThat(nodes[0].engine.halfOpenCount()).isZero();
    }

    @Test
    void noCommonProposalWhenLegacyIsOff() {
        IkeSettings strict = Ikev1ExchangeTest.pskGateway().toBuilder()
                .algorithms(AlgorithmPolicy.defaults().withLegacy(false)).build();
        var nodes = run(strict, new Ikev1Initiation.IkeOffer(IkeCipher.TRIPLE_DES_CBC, IkeHash.MD5, DhGroup.MODP_1024),
                Ikev1ExchangeTest.PSK);
        assertThat(nodes[0].up).isEmpty();
        assertThat(nodes[0].trace()).contains("no proposal chosen: peer offered [TRIPLE_DES_CBC/MD5/MODP_1024/PSK], "
                + "we allow [AES_CBC_128 AES_CBC_192 AES_CBC_256 SHA1 SHA2_256 SHA2_384 SHA2_512 MODP_1536 MODP_2048");
        // The client hears NO-PROPOSAL-CHOSEN and gives up at once instead of retransmitting.
        assertThat(nodes[1].trace()).contains("peer reports NO-PROPOSAL-CHOSEN");
        assertThat(nodes[1].engine.ikeSas()).isEmpty();
        assertThat(nodes[0].engine.counters().drops(DropReason.NO_PROPOSAL_CHOSEN)).isEqualTo(1);
    }

    @Test
    void legacySetIsOnByDefault() {
        var nodes = run(Ikev1ExchangeTest.pskGateway(),
                new Ikev1Initiation.IkeOffer(IkeCipher.TRIPLE_DES_CBC, IkeHash.MD5, DhGroup.MODP_1024), Ikev1ExchangeTest.PSK);
        assertThat(nodes[0].up).as(nodes[0].trace()).hasSize(1);
        assertThat(nodes[0].up.getFirst().proposal()).isEqualTo("TRIPLE_DES_CBC/MD5/MODP_1024/PSK");
    }

    @Test
    void preSharedKeyFoundByIdentityInMainMode() {
        IkeSettings gw = Ikev1ExchangeTest.pskGateway().toBuilder().preSharedKeys(PreSharedKeys.of(List.of(
                PreSharedKeys.forAddress(InMemoryNetwork.address("203.0.113.99"), "other".getBytes()),
                PreSharedKeys.forIdentity("198.51.100.99", "wrong".getBytes()),
                PreSharedKeys.forIdentity("198.51.100.10", Ikev1ExchangeTest.PSK)))).build();
        var nodes = run(gw, null, Ikev1ExchangeTest.PSK);
        assertThat(nodes[0].up).as(nodes[0].trace()).hasSize(1);
        assertThat(nodes[0].trace()).contains("peer authenticated by PSK for ID 198.51.100.10");
    }

    @Test
    void preSharedKeyOfAnotherIdentityIsRefused() {
        IkeSettings gw = Ikev1ExchangeTest.pskGateway().toBuilder().preSharedKeys(PreSharedKeys.of(List.of(
                PreSharedKeys.forIdentity("alice@example.com", Ikev1ExchangeTest.PSK)))).build();
        var nodes = run(gw, null, Ikev1ExchangeTest.PSK);
        assertThat(nodes[0].up).isEmpty();
        assertThat(nodes[0].trace()).contains("peer ID 198.51.100.10 authenticated with the PSK for ID alice@example.com, "
                + "which belongs to another identity");
    }

    @Test
    void quickModeWithoutCommonEspProposalIsRefusedAndTheClientTold() {
        IkeSettings strict = Ikev1ExchangeTest.pskGateway().toBuilder()
                .algorithms(AlgorithmPolicy.defaults().withLegacy(false)).build();
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, strict, 34);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, Ikev1ExchangeTest.pskClient(), 35);
        c.engine.initiate(net.now, Ikev1ExchangeTest.pskInitiation(c)
                .withIkeOffers(List.of(new Ikev1Initiation.IkeOffer(IkeCipher.AES_CBC_256, IkeHash.SHA1, DhGroup.MODP_2048)))
                .withEspOffers(List.of(
                new Ikev1Initiation.EspOffer(org.certvpn.ipsec.EspCipher.TRIPLE_DES_CBC,
                        org.certvpn.ipsec.EspIntegrity.HMAC_MD5_96))));
        net.run();
        assertThat(gw.up).hasSize(1);
        assertThat(gw.installed).isEmpty();
        assertThat(gw.trace()).contains("no proposal chosen for ESP: peer offered [TRIPLE_DES_CBC/HMAC_MD5_96/transport]");
        assertThat(c.trace()).contains("peer reports NO-PROPOSAL-CHOSEN");
    }

    @Test
    void aggressiveModeIsOffByDefault() {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, Ikev1ExchangeTest.pskGateway(), 33);
        byte[] am1 = org.certvpn.common.Hex.decode(IsakmpMessageFixtures.WINDOWS_MM1);
        am1[18] = 4;
        gw.engine.receive(net.now, 500, Ikev1ExchangeTest.CLIENT, 500, am1);
        assertThat(gw.engine.counters().drops(DropReason.AGGRESSIVE_MODE_DISABLED)).isEqualTo(1);
        assertThat(gw.trace()).contains("Aggressive Mode refused: it is disabled");
        assertThat(gw.engine.halfOpenCount()).isZero();
    }
}
