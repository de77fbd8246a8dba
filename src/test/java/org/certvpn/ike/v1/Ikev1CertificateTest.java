package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.CRLReason;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSettings;
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.validation.TestPki;
import org.certvpn.pki.validation.TrustSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Main Mode with RSA signatures and certificates made in the test: the peer chain is validated (also
 * through an intermediate), revoked and foreign certificates and ID pattern mismatches are refused with
 * their reason, and a message 5 too large for one datagram arrives as two fragments.
 */
class Ikev1CertificateTest {
    static TestPki.Issued root;
    static TestPki.Issued server;
    static TestPki.Issued bob;
    static TestPki.Issued usersCa;
    static TestPki.Issued carol;

    @BeforeAll
    static void pki() {
        root = TestPki.root("C=JP, O=Example, CN=Example Root CA");
        server = TestPki.issue(root, "C=JP, O=Example, CN=vpn.example.com", false);
        bob = TestPki.issue(root, "C=JP, O=Example, CN=bob", false);
        usersCa = TestPki.issue(root, "C=JP, O=Example, CN=Example Users CA", true);
        carol = TestPki.issue(usersCa, "C=JP, O=Example, CN=carol", false);
    }

    static IkeSettings.Builder gateway(TrustSettings trust) {
        return IkeSettings.builder().localAddress(InMemoryNetwork.GATEWAY)
                .certificate(server.certificate(), server.key()).trust(trust)
                .remoteIds(List.of(DnPattern.parse("C=JP, O=Example, CN=*")));
    }

    static IkeSettings client(TestPki.Issued who) {
        return IkeSettings.builder().certificate(who.certificate(), who.key())
                .trust(TrustSettings.of(List.of(root.certificate()), List.of())).build();
    }

    static Ikev1Initiation initiation(InMemoryNetwork.Node client) {
        return Ikev1Initiation.android(new Endpoint(InMemoryNetwork.GATEWAY, 500), client.address, Optional.empty());
    }

    private record Run(InMemoryNetwork net, InMemoryNetwork.Node gw, InMemoryNetwork.Node client) {}

    private static Run connect(IkeSettings gatewaySettings, IkeSettings clientSettings) {
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, gatewaySettings, 11);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, clientSettings, 12);
        c.engine.initiate(net.now, initiation(c));
        net.run();
        return new Run(net, gw, c);
    }

    @Test
    void certificateAuthenticationBothWays() {
        Run r = connect(gateway(TrustSettings.of(List.of(root.certificate()), List.of())).build(), client(bob));
        assertThat(r.gw().up).as(r.gw().trace()).hasSize(1);
        assertThat(r.client().up).as(r.client().trace()).hasSize(1);
        PeerIdentity id = r.gw().up.getFirst().identity();
        assertThat(id.method()).isEqualTo(PeerIdentity.AuthMethod.CERTIFICATE);
        assertThat(id.commonName()).contains("bob");
        assertThat(id.serial()).contains(bob.certificate().getSerialNumber());
        assertThat(r.gw().up.getFirst().proposal()).endsWith("/RSA-SIG");
        // The client checked our ID against our certificate, as Android does byte for byte.
        assertThat(r.client().up.getFirst().identity().subject()).contains(server.certificate().getSubjectX500Principal());
        assertThat(r.gw().installed).hasSize(1);
        Ikev1ExchangeTest.assertMirrored(r.gw().installed.getFirst().keys(), r.client().installed.getFirst().keys());
        assertThat(r.gw().trace()).contains("peer authenticated by certificate CN=bob,O=Example,C=JP");
    }

    @Test
    void clientCertificateFromAnIntermediateCa() {
        TrustSettings trust = new TrustSettings(List.of(root.certificate()), List.of(usersCa.certificate()), List.of(), false);
        Run r = connect(gateway(trust).build(), client(carol));
        assertThat(r.gw().up).as(r.gw().trace()).hasSize(1);
        assertThat(r.gw().up.getFirst().identity().commonName()).contains("carol");
    }

    @Test
    void revokedCertificateIsRefusedWithItsReason() {
        var crl = TestPki.crl(root, Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                new TestPki.Revoked(bob.certificate().getSerialNumber(), Instant.parse("2026-02-15T09:30:00Z"),
                        CRLReason.keyCompromise));
        Run r = connect(gateway(TrustSettings.of(List.of(root.certificate()), List.of(crl))).build(), client(bob));
        assertThat(r.gw().up).isEmpty();
        assertThat(r.client().up).isEmpty();
        assertThat(r.gw().trace()).contains(
                "certificate CN=bob,O=Example,C=JP revoked (keyCompromise) at 2026-02-15T09:30:00Z");
        assertThat(r.gw().engine.counters().drops(DropReason.AUTHENTICATION_FAILED)).isEqualTo(1);
        assertThat(r.gw().engine.halfOpenCount()).isZero();
    }

    @Test
    void certificateFromAnotherCaIsRefused() {
        TestPki.Issued otherRoot = TestPki.root("C=JP, O=Other, CN=Other CA");
        TestPki.Issued mallory = TestPki.issue(otherRoot, "C=JP, O=Example, CN=mallory", false);
        Run r = connect(gateway(TrustSettings.of(List.of(root.certificate()), List.of())).build(), client(mallory));
        assertThat(r.gw().up).isEmpty();
        assertThat(r.gw().trace()).contains(
                "certificate CN=mallory,O=Example,C=JP: issuer CN=Other CA,O=Other,C=JP is not a configured CA");
    }

    @Test
    void remoteIdPatternMismatchIsRefused() {
        IkeSettings gw = gateway(TrustSettings.of(List.of(root.certificate()), List.of()))
                .remoteIds(List.of(DnPattern.parse("C=JP, O=Example, OU=Sales, CN=*"))).build();
        Run r = connect(gw, client(bob));
        assertThat(r.gw().up).isEmpty();
        assertThat(r.gw().trace()).contains("peer CN=bob,O=Example,C=JP matches no allowed remote ID");
    }

    @Test
    void fragmentedMessage5IsReassembled() {
        IkeSettings small = client(bob).toBuilder().fragmentation(new IkeSettings.FragmentationSettings(true, 900, 16,
                65535, java.time.Duration.ofSeconds(10), 256)).build();
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false,
                gateway(TrustSettings.of(List.of(root.certificate()), List.of())).build(), 13);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, small, 14);
        int[] fragments = {0};
        net.drop(p -> {
            if (p.from() == c && p.data()[16] == (byte) 132) {
                fragments[0]++;
            }
            return false;
        });
        c.engine.initiate(net.now, initiation(c));
        net.run();
        assertThat(fragments[0]).isEqualTo(2);
        assertThat(gw.up).as(gw.trace()).hasSize(1);
        assertThat(c.installed).hasSize(1);
        assertThat(gw.engine.fragmentReassemblies()).isZero();
    }

    @Test
    void gatewayFragmentsMessage6ForAPeerThatAdvertisedFragmentation() {
        var small = new IkeSettings.FragmentationSettings(true, 600, 16, 65535, java.time.Duration.ofSeconds(10), 256);
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false,
                gateway(TrustSettings.of(List.of(root.certificate()), List.of())).fragmentation(small).build(), 15);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, client(bob), 16);
        int[] fragments = {0};
        net.drop(p -> {
            if (p.from() == gw && p.data()[16] == (byte) 132) {
                fragments[0]++;
                assertThat(p.data().length).isLessThanOrEqualTo(600);
            }
            return false;
        });
        c.engine.initiate(net.now, initiation(c));
        net.run();
        assertThat(fragments[0]).isGreaterThanOrEqualTo(2);
        assertThat(c.up).as(c.trace()).hasSize(1);
        assertThat(c.installed).hasSize(1);
    }

    @Test
    void noFragmentsForAPeerThatDidNotAdvertiseThem() {
        var small = new IkeSettings.FragmentationSettings(true, 600, 16, 65535, java.time.Duration.ofSeconds(10), 256);
        InMemoryNetwork net = new InMemoryNetwork();
        var gw = net.node("gateway", InMemoryNetwork.GATEWAY, false,
                gateway(TrustSettings.of(List.of(root.certificate()), List.of())).fragmentation(small).build(), 17);
        var c = net.node("client", Ikev1ExchangeTest.CLIENT, false, client(bob), 18);
        int[] fragments = {0};
        net.drop(p -> {
            if (p.data()[16] == (byte) 132) {
                fragments[0]++;
            }
            return false;
        });
        var init = initiation(c);
        init = new Ikev1Initiation(init.responder(), init.localPort(), init.localAddress(), init.psk(), init.identifier(),
                init.ikeOffers(), init.ikeLifetime(), init.espOffers(), init.pfsGroup(), init.childLifetime(),
                init.trafficAddress(), init.peerPort(), init.initialContact(), init.forceEncapsulation(), false, false);
        c.engine.initiate(net.now, init);
        net.run();
        assertThat(fragments[0]).isZero();
        assertThat(c.up).as(c.trace()).hasSize(1);
    }

    @Test
    void ourIdentityIsTheExactSubjectOfOurCertificate() {
        Ikev1Sa sa = new Ikev1Sa(1, false, 1, 2, new Endpoint(Ikev1ExchangeTest.CLIENT, 500), 500,
                InMemoryNetwork.GATEWAY, 0, Ikev1SaState.MM_R4_SENT);
        sa.proposal = new Phase1Proposal(org.certvpn.crypto.IkeCipher.AES_CBC_128, org.certvpn.crypto.IkeHash.SHA1,
                org.certvpn.crypto.DhGroup.MODP_1024, org.certvpn.ike.wire.IkeAttribute.AUTH_RSA_SIGNATURES, 0, 0);
        var id = Phase1Support.ourId(sa, gateway(TrustSettings.none()).build());
        assertThat(id.idType()).isEqualTo(org.certvpn.ike.wire.IdPayload.ID_DER_ASN1_DN);
        assertThat(id.data().toByteArray()).isEqualTo(server.certificate().getSubjectX500Principal().getEncoded());
    }
}
