package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x509.CRLReason;
import org.certvpn.crypto.Ikev1Hashes;
import org.certvpn.crypto.Ikev1KeyDerivation;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.PreSharedKeys;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.HashPayload;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.NotifyPayload;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.validation.TestPki;
import org.certvpn.pki.validation.TrustSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A peer refused at Phase 1 authentication hears why at once: exactly one Informational encrypted under
 * the Phase 1 keys (RFC 2409 §5.7, IV from the last Phase 1 CBC block per Appendix B), carrying only the
 * notify type chosen by {@link Phase1Refusal}. Each refusal is opened here with the initiator's own Phase 1
 * state, as a real initiator would, and its HASH(1) recomputed. Input that cannot be decrypted or is
 * malformed gets nothing, and neither does a retransmitted message 5 of a refused SA.
 */
class Ikev1RefusalTest {
    static TestPki.Issued root;
    static TestPki.Issued server;
    static TestPki.Issued bob;
    static TestPki.Issued carol;

    @BeforeAll
    static void pki() {
        root = TestPki.root("C=JP, O=Example, CN=Example Root CA");
        server = TestPki.issue(root, "C=JP, O=Example, CN=vpn.example.com", false);
        bob = TestPki.issue(root, "C=JP, O=Example, CN=bob", false);
        carol = TestPki.issue(root, "C=JP, O=Example, CN=carol", false);
    }

    static IkeSettings.Builder certificateGateway() {
        return IkeSettings.builder().localAddress(InMemoryNetwork.GATEWAY)
                .certificate(server.certificate(), server.key())
                .trust(TrustSettings.of(List.of(root.certificate()), List.of()))
                .remoteIds(List.of(DnPattern.parse("C=JP, O=Example, CN=*")));
    }

    static IkeSettings certificateClient(TestPki.Issued cert, java.security.PrivateKey key) {
        return IkeSettings.builder().certificate(cert.certificate(), key)
                .trust(TrustSettings.of(List.of(root.certificate()), List.of())).build();
    }

    /**
     * A gateway and a client on the in-memory network; the gateway's Informationals are held back (and
     * recorded) so a test can open them with the client's Phase 1 state before it reacts, and so can
     * whatever {@code holdFromClient} selects.
     */
    static final class Run {
        final InMemoryNetwork net = new InMemoryNetwork();
        final InMemoryNetwork.Node gw;
        final InMemoryNetwork.Node client;
        final List<InMemoryNetwork.Packet> fromGateway = new ArrayList<>();
        final List<InMemoryNetwork.Packet> heldInformationals = new ArrayList<>();
        final List<InMemoryNetwork.Packet> fromClient = new ArrayList<>();
        final List<InMemoryNetwork.Packet> heldFromClient = new ArrayList<>();
        Predicate<byte[]> holdFromClient = d -> false;
        long serial;

        Run(IkeSettings gatewaySettings, IkeSettings clientSettings, long seed) {
            gw = net.node("gateway", InMemoryNetwork.GATEWAY, false, gatewaySettings, seed);
            client = net.node("client", Ikev1ExchangeTest.CLIENT, false, clientSettings, seed + 1);
            net.drop(p -> {
                if (p.from() == gw) {
                    fromGateway.add(p);
                    if (exchange(p.data()) == ExchangeType.INFORMATIONAL.number()) {
                        heldInformationals.add(p);
                        return true;
                    }
                    return false;
                }
                fromClient.add(p);
                if (holdFromClient.test(p.data())) {
                    heldFromClient.add(p);
                    return true;
                }
                return false;
            });
        }

        void start(Ikev1Initiation initiation) {
            serial = client.engine.initiate(net.now, initiation);
            net.run();
        }

        Ikev1Sa clientSa() {
            return client.engine.ikeSa(serial);
        }

        void toClient(InMemoryNetwork.Packet p) {
            client.engine.receive(net.now, client.address, p.to().port(), InMemoryNetwork.GATEWAY, p.localPort(),
                    p.data());
            net.run();
        }

        void toGateway(byte[] datagram) {
            gw.engine.receive(net.now, InMemoryNetwork.GATEWAY, 500, client.address, 500, datagram);
            net.run();
        }
    }

    static int exchange(byte[] datagram) {
        return datagram[18] & 0xff;
    }

    static boolean encrypted(byte[] datagram) {
        return (datagram[19] & IsakmpHeader.FLAG_ENCRYPTION) != 0;
    }

    static Ikev1Initiation certificateInitiation(InMemoryNetwork.Node client) {
        return Ikev1Initiation.android(new Endpoint(InMemoryNetwork.GATEWAY, 500), client.address, Optional.empty());
    }

    /**
     * Opens a refusal with the initiator's keys and the last Phase 1 CBC block it holds, checks HASH(1) =
     * prf(SKEYID_a, M-ID | N) and that nothing but one notify without data travels; returns its type.
     */
    static NotifyType openRefusal(Ikev1Sa initiator, byte[] datagram, byte[] lastPhase1Block) throws Exception {
        IsakmpHeader h = IsakmpHeader.decode(datagram);
        assertThat(h.exchangeType()).isEqualTo(ExchangeType.INFORMATIONAL);
        assertThat(h.encrypted()).isTrue();
        assertThat(h.messageId()).isNotZero();
        assertThat(h.initiatorCookie()).isEqualTo(initiator.ckyI);
        assertThat(h.responderCookie()).isEqualTo(initiator.ckyR);
        Phase1Keys k = initiator.keys;
        byte[] iv = Ikev1KeyDerivation.phase2Iv(k.prf().hash(), lastPhase1Block, h.messageId(), k.cipher().blockSize());
        Ikev1Sa.Opened opened = Ikev1Sa.open(datagram, h, iv, k);
        assertThat(opened.payloads().size()).isEqualTo(2);
        HashPayload hash = (HashPayload) opened.payloads().get(0);
        assertThat(hash.data().toByteArray()).isEqualTo(
                Ikev1Hashes.informationalHash(k.prf(), k.skeyidA(), h.messageId(), opened.payloads().from(1)));
        NotifyPayload n = (NotifyPayload) opened.payloads().get(1);
        assertThat(n.doi()).isEqualTo(SaPayload.DOI_IPSEC);
        assertThat(n.protocolId()).isEqualTo(SaPayload.Proposal.PROTO_ISAKMP);
        assertThat(n.spi().toByteArray()).isEqualTo(Informational.cookies(initiator));
        assertThat(n.data().isEmpty()).as("no text beyond the notify type").isTrue();
        return n.notifyType();
    }

    /** Runs Main Mode to the refusal and checks the whole path: one refusal, opened, and the client gives up. */
    private static Run refusedInMainMode(IkeSettings gateway, IkeSettings client,
            Function<InMemoryNetwork.Node, Ikev1Initiation> initiation, NotifyType expected, long seed)
            throws Exception {
        Run r = new Run(gateway, client, seed);
        r.start(initiation.apply(r.client));
        assertThat(r.gw.up).isEmpty();
        assertThat(r.heldInformationals).as(r.gw.trace()).hasSize(1);
        Ikev1Sa initiator = r.clientSa();
        assertThat(initiator.state).isEqualTo(Ikev1SaState.MM_I5_SENT);
        // The initiator's chain holds the last block of the message 5 it sent.
        assertThat(openRefusal(initiator, r.heldInformationals.getFirst().data(), initiator.phase1Iv))
                .isEqualTo(expected);
        assertThat(r.gw.trace()).contains("peer told " + expected + " (encrypted Informational)");
        assertThat(r.gw.engine.halfOpenCount()).isZero();

        r.toClient(r.heldInformationals.getFirst());
        assertThat(r.client.trace()).contains("responder refused authentication: " + expected);
        assertThat(r.client.engine.ikeSa(r.serial)).as("the client's SA ends at once").isNull();
        assertThat(r.client.engine.counters().drops(DropReason.AUTHENTICATION_FAILED)).isEqualTo(1);
        int sentByClient = r.fromClient.size();
        r.net.advance(60_000);
        assertThat(r.fromClient).as("no retransmission after the refusal").hasSize(sentByClient);
        return r;
    }

    @Test
    void revokedCertificateIsToldAuthenticationFailed() throws Exception {
        var crl = TestPki.crl(root, Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                new TestPki.Revoked(bob.certificate().getSerialNumber(), Instant.parse("2026-02-15T09:30:00Z"),
                        CRLReason.keyCompromise));
        IkeSettings gw = certificateGateway()
                .trust(TrustSettings.of(List.of(root.certificate()), List.of(crl))).build();
        Run r = refusedInMainMode(gw, certificateClient(bob, bob.key()),
                Ikev1RefusalTest::certificateInitiation, NotifyType.AUTHENTICATION_FAILED, 201);
        assertThat(r.gw.trace()).contains("certificate CN=bob,O=Example,C=JP revoked (keyCompromise)");
    }

    @Test
    void certificateFromAnUnknownCaIsToldAuthenticationFailed() throws Exception {
        TestPki.Issued otherRoot = TestPki.root("C=JP, O=Other, CN=Other CA");
        TestPki.Issued mallory = TestPki.issue(otherRoot, "C=JP, O=Example, CN=mallory", false);
        Run r = refusedInMainMode(certificateGateway().build(), certificateClient(mallory, mallory.key()),
                Ikev1RefusalTest::certificateInitiation, NotifyType.AUTHENTICATION_FAILED, 203);
        assertThat(r.gw.trace()).contains("issuer CN=Other CA,O=Other,C=JP is not a configured CA");
    }

    @Test
    void aSignatureThatDoesNotVerifyIsToldAuthenticationFailed() throws Exception {
        Run r = refusedInMainMode(certificateGateway().build(), certificateClient(bob, carol.key()),
                Ikev1RefusalTest::certificateInitiation, NotifyType.AUTHENTICATION_FAILED, 205);
        assertThat(r.gw.trace()).contains("signature of CN=bob,O=Example,C=JP does not verify");
    }

    @Test
    void anIdentityNoConnectionAcceptsIsToldInvalidIdInformation() throws Exception {
        IkeSettings gw = certificateGateway().remoteIds(List.of(DnPattern.parse("C=JP, O=Example, OU=Sales, CN=*")))
                .build();
        Run r = refusedInMainMode(gw, certificateClient(bob, bob.key()),
                Ikev1RefusalTest::certificateInitiation, NotifyType.INVALID_ID_INFORMATION, 207);
        assertThat(r.gw.trace()).contains("peer CN=bob,O=Example,C=JP matches no allowed remote ID");
    }

    @Test
    void anUnacceptedIdentityWithoutAValidSignatureLearnsOnlyThatAuthenticationFailed() throws Exception {
        // Anyone can hold a copy of bob's certificate; without his key it must not learn that the certificate
        // itself is valid and unrevoked, which INVALID-ID-INFORMATION would tell.
        IkeSettings gw = certificateGateway().remoteIds(List.of(DnPattern.parse("C=JP, O=Example, OU=Sales, CN=*")))
                .build();
        Run r = refusedInMainMode(gw, certificateClient(bob, carol.key()),
                Ikev1RefusalTest::certificateInitiation, NotifyType.AUTHENTICATION_FAILED, 209);
        assertThat(r.gw.trace()).contains("matches no allowed remote ID")
                .contains("its signature does not verify either");
    }

    @Test
    void aPreSharedKeyOfAnotherIdentityIsToldInvalidIdInformation() throws Exception {
        IkeSettings gw = Ikev1ExchangeTest.pskGateway().toBuilder().preSharedKeys(PreSharedKeys.of(List.of(
                PreSharedKeys.forIdentity("alice@example.com", Ikev1ExchangeTest.PSK)))).build();
        Run r = refusedInMainMode(gw, Ikev1ExchangeTest.pskClient(), Ikev1ExchangeTest::pskInitiation,
                NotifyType.INVALID_ID_INFORMATION, 211);
        assertThat(r.gw.trace()).contains("which belongs to another identity");
    }

    @Test
    void aWrongPreSharedKeyMakesMessage5UndecryptableAndNothingIsSent() {
        Run r = new Run(Ikev1ExchangeTest.pskGateway(), Ikev1ExchangeTest.pskClient(), 213);
        r.start(Ikev1Initiation.android(new Endpoint(InMemoryNetwork.GATEWAY, 500), r.client.address,
                Optional.of("not the secret".getBytes())));
        assertThat(r.gw.trace()).contains("wrong pre-shared key?");
        assertThat(r.heldInformationals).isEmpty();
        assertThat(r.fromGateway).as("only messages 2 and 4").hasSize(2);
        assertThat(r.gw.engine.halfOpenCount()).isZero();
    }

    @Test
    void aMessage5WithoutItsSignatureIsMalformedAndNothingIsSent() throws Exception {
        Run r = new Run(certificateGateway().build(), certificateClient(bob, bob.key()), 215);
        r.holdFromClient = d -> exchange(d) == ExchangeType.IDENTITY_PROTECTION.number() && encrypted(d);
        r.start(certificateInitiation(r.client));
        assertThat(r.heldFromClient).hasSize(1);
        // The same message 5 under the same keys and IV, but with only the ID payload.
        Ikev1Sa initiator = r.clientSa();
        byte[] firstIv = Ikev1KeyDerivation.phase1Iv(initiator.proposal.hash(), initiator.gxi, initiator.gxr,
                initiator.blockSize());
        List<Payload> idOnly = List.of(Phase1Support.ourId(initiator, certificateClient(bob, bob.key())));
        r.toGateway(initiator.seal(ExchangeType.IDENTITY_PROTECTION, 0, 0, idOnly, firstIv));
        assertThat(r.gw.trace()).contains("peer chose RSA signatures but sent no SIG payload");
        assertThat(r.heldInformationals).isEmpty();
        assertThat(r.fromGateway).as("only messages 2 and 4").hasSize(2);
        assertThat(r.gw.engine.halfOpenCount()).isZero();
    }

    @Test
    void aMessage5ThatDoesNotDecryptIsDroppedInSilence() {
        Run r = new Run(certificateGateway().build(), certificateClient(bob, bob.key()), 217);
        r.holdFromClient = d -> exchange(d) == ExchangeType.IDENTITY_PROTECTION.number() && encrypted(d);
        r.start(certificateInitiation(r.client));
        byte[] garbled = r.heldFromClient.getFirst().data().clone();
        for (int i = IsakmpHeader.LENGTH; i < garbled.length; i++) {
            garbled[i] ^= (byte) (i * 31 + 7);
        }
        long before = r.gw.engine.counters().drops(DropReason.DECRYPTION_FAILED)
                + r.gw.engine.counters().drops(DropReason.MALFORMED);
        r.toGateway(garbled);
        assertThat(r.gw.engine.counters().drops(DropReason.DECRYPTION_FAILED)
                + r.gw.engine.counters().drops(DropReason.MALFORMED)).isEqualTo(before + 1);
        assertThat(r.heldInformationals).isEmpty();
        assertThat(r.fromGateway).hasSize(2);
        // Garbage does not end the negotiation: the real message 5 still completes it.
        r.toGateway(r.heldFromClient.getFirst().data());
        assertThat(r.gw.up).as(r.gw.trace()).hasSize(1);
    }

    @Test
    void retransmittedMessage5OfARefusedSaGetsNothingMore() {
        var crl = TestPki.crl(root, Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                new TestPki.Revoked(bob.certificate().getSerialNumber(), Instant.parse("2026-02-15T09:30:00Z"),
                        CRLReason.keyCompromise));
        IkeSettings gw = certificateGateway()
                .trust(TrustSettings.of(List.of(root.certificate()), List.of(crl))).build();
        Run r = new Run(gw, certificateClient(bob, bob.key()), 219);
        r.start(certificateInitiation(r.client));
        assertThat(r.heldInformationals).hasSize(1);
        int answered = r.fromGateway.size();
        long unknown = r.gw.engine.counters().drops(DropReason.UNKNOWN_SA);
        // The refusal is lost: the client retransmits message 5 on its timer, and the gateway stays silent.
        r.net.advance(40_000);
        assertThat(r.fromClient.stream().map(InMemoryNetwork.Packet::data)
                .filter(d -> exchange(d) == ExchangeType.IDENTITY_PROTECTION.number() && encrypted(d)).count())
                .as("message 5 and its retransmissions").isGreaterThan(2);
        assertThat(r.fromGateway).hasSize(answered);
        assertThat(r.gw.engine.counters().drops(DropReason.UNKNOWN_SA)).isGreaterThan(unknown);
        assertThat(r.gw.engine.counters().drops(DropReason.AUTHENTICATION_FAILED)).isEqualTo(1);
    }

    @Test
    void aggressiveModeMessage3WithABadHashIsToldAuthenticationFailed() throws Exception {
        IkeSettings gw = IkeSettings.builder().localAddress(InMemoryNetwork.GATEWAY).aggressiveMode(true)
                .preSharedKeys(PreSharedKeys.of(List.of(
                        PreSharedKeys.forIdentity("phone.example.com", Ikev1ExchangeTest.PSK)))).build();
        Run r = new Run(gw, Ikev1ExchangeTest.pskClient(), 221);
        r.holdFromClient = d -> exchange(d) == ExchangeType.AGGRESSIVE.number() && encrypted(d);
        r.start(Ikev1ExchangeTest.pskInitiation(r.client).withIdentifier("phone.example.com"));
        assertThat(r.heldFromClient).hasSize(1);
        // Message 3 as the client sent it, but with HASH_I changed.
        Ikev1Sa initiator = r.clientSa();
        byte[] am3 = r.heldFromClient.getFirst().data();
        Ikev1Sa.Opened opened = Ikev1Sa.open(am3, IsakmpHeader.decode(am3), initiator.phase1Iv, initiator.keys);
        List<Payload> forged = new ArrayList<>(opened.payloads().payloads());
        byte[] hash = ((HashPayload) forged.getFirst()).data().toByteArray();
        hash[0] ^= 1;
        forged.set(0, new HashPayload(Octets.of(hash)));
        byte[] forgedAm3 = initiator.seal(ExchangeType.AGGRESSIVE, 0, 0, forged, initiator.phase1Iv);
        r.toGateway(forgedAm3);
        assertThat(r.gw.up).isEmpty();
        assertThat(r.gw.trace()).contains("HASH_I does not verify");
        assertThat(r.heldInformationals).hasSize(1);
        assertThat(openRefusal(initiator, r.heldInformationals.getFirst().data(),
                Ikev1Sa.lastBlock(forgedAm3, initiator.blockSize()))).isEqualTo(NotifyType.AUTHENTICATION_FAILED);
        r.toGateway(forgedAm3);
        assertThat(r.heldInformationals).as("a copy of the refused message gets nothing").hasSize(1);
    }
}
