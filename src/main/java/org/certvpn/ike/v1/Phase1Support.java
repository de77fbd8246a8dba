package org.certvpn.ike.v1;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.certvpn.crypto.DiffieHellman;
import org.certvpn.crypto.Ikev1Hashes;
import org.certvpn.crypto.Ikev1KeyDerivation;
import org.certvpn.crypto.RsaSignatures;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.Identities;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.PeerAuthenticator;
import org.certvpn.ike.wire.CertEncoding;
import org.certvpn.ike.wire.CertPayload;
import org.certvpn.ike.wire.CertRequestPayload;
import org.certvpn.ike.wire.HashPayload;
import org.certvpn.ike.wire.IdPayload;
import org.certvpn.ike.wire.IkeAttribute;
import org.certvpn.ike.wire.KeyExchangePayload;
import org.certvpn.ike.wire.NatDPayload;
import org.certvpn.ike.wire.NoncePayload;
import org.certvpn.ike.wire.NotifyPayload;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.Payloads;
import org.certvpn.ike.wire.SignaturePayload;
import org.certvpn.ike.wire.VendorIdPayload;
import org.certvpn.pki.validation.CertificateNames;

/** Steps Main Mode and Aggressive Mode share, on either side: vendor IDs, NAT-D, DH, IDs, authentication. */
final class Phase1Support {
    static final int MAX_PSK_CANDIDATES = 16;

    private Phase1Support() {}

    /** The authentication methods this gateway can perform with its settings. */
    static Set<Integer> authMethods(IkeSettings s) {
        Set<Integer> m = new HashSet<>();
        if (!s.preSharedKeys().isEmpty()) {
            m.add(IkeAttribute.AUTH_PRE_SHARED_KEY);
        }
        if (s.certificate().isPresent()) {
            m.add(IkeAttribute.AUTH_RSA_SIGNATURES);
        }
        return m;
    }

    /** Reads the peer's vendor IDs: the NAT-T variant, DPD and fragmentation support. */
    static void readVendorIds(Ikev1Engine engine, Ikev1Sa sa, List<VendorIdPayload> vids) {
        if (!vids.isEmpty()) {
            engine.trace().detail(sa.label(), "peer vendor IDs: " + VendorId.describe(vids));
        }
        sa.natt = NatTraversal.choose(vids);
        for (VendorIdPayload v : vids) {
            VendorId known = VendorId.of(v.data());
            if (known == VendorId.DPD) {
                sa.peerDpd = true;
            } else if (known == VendorId.FRAGMENTATION) {
                sa.peerFragmentation = true;
            }
        }
    }

    /** The vendor IDs a responder answers with: the chosen NAT-T variant, DPD and fragmentation when both do them. */
    static List<Payload> responderVendorIds(Ikev1Engine engine, Ikev1Sa sa) {
        List<Payload> out = new ArrayList<>();
        if (sa.natt != null) {
            out.add(sa.natt.vendorId().payload());
        }
        if (sa.peerDpd && engine.settings().dpd().enabled()) {
            out.add(VendorId.DPD.payload());
        }
        if (sa.peerFragmentation && engine.settings().fragmentation().enabled()) {
            out.add(new VendorIdPayload(VendorId.FRAGMENTATION_WITH_CAPABILITY));
        } else {
            sa.peerFragmentation = false;
        }
        return out;
    }

    static byte[] natD(Ikev1Sa sa, InetAddress address, int port) {
        return Ikev1Hashes.natDiscovery(sa.proposal.hash(), Ikev1KeyDerivation.cookie(sa.ckyI),
                Ikev1KeyDerivation.cookie(sa.ckyR), address.getAddress(), port);
    }

    /**
     * Our two NAT-D payloads (RFC 3947 §3.2): first the peer as we see it, then ourselves.
     *
     * @param hideSelf make our own hash wrong so the peer believes we are behind NAT
     * @param blamePeer make the peer's hash wrong so it believes it is behind NAT (forced encapsulation)
     * @param peerViewOfUs the peer's hash of our address, echoed when we do not know our own address
     */
    static List<Payload> natDPayloads(Ikev1Engine engine, Ikev1Sa sa, boolean hideSelf, boolean blamePeer,
            byte[] peerViewOfUs) {
        byte[] dest = natD(sa, sa.peer.address(), sa.peer.port());
        if (blamePeer) {
            dest = engine.randomBytes(dest.length);
        }
        byte[] source;
        if (hideSelf) {
            source = engine.randomBytes(dest.length);
        } else if (sa.localAddress != null) {
            source = natD(sa, sa.localAddress, sa.localPort);
        } else if (peerViewOfUs != null) {
            source = peerViewOfUs;
        } else {
            source = engine.randomBytes(dest.length);
        }
        return List.of(new NatDPayload(sa.natt.natD(), Octets.of(dest)), new NatDPayload(sa.natt.natD(), Octets.of(source)));
    }

    /**
     * NAT detection from the peer's NAT-D payloads: the first hashes its view of us, the others its own
     * source address(es).
     */
    static void detectNat(Ikev1Engine engine, Ikev1Sa sa, List<NatDPayload> received) throws ExchangeFailure {
        if (sa.natt == null) {
            return;
        }
        if (received.size() < 2) {
            engine.trace().detail(sa.label(), "peer sent " + received.size() + " NAT-D payloads; NAT detection off");
            return;
        }
        byte[] peerHash = natD(sa, sa.peer.address(), sa.peer.port());
        boolean peerMatches = false;
        for (int i = 1; i < received.size(); i++) {
            if (received.get(i).hash().contentEquals(peerHash)) {
                peerMatches = true;
            }
        }
        sa.peerBehindNat = !peerMatches;
        if (sa.localAddress != null) {
            sa.localBehindNat = !received.getFirst().hash().contentEquals(natD(sa, sa.localAddress, sa.localPort));
        }
        if (sa.peerBehindNat || sa.localBehindNat) {
            engine.trace().progress(sa.label(), "NAT detected:" + (sa.peerBehindNat ? " peer is behind NAT" : "")
                    + (sa.localBehindNat ? " we are behind NAT" : "") + " (NAT-T " + sa.natt + ")");
        } else {
            engine.trace().detail(sa.label(), "no NAT between the peers");
        }
    }

    static byte[] checkedNonce(NoncePayload n, String what) throws ExchangeFailure {
        int len = n.data().length();
        if (len < 8 || len > 256) {
            throw new ExchangeFailure(DropReason.MALFORMED, NotifyType.PAYLOAD_MALFORMED,
                    what + " of " + len + " bytes (RFC 2409 §5: 8 to 256)");
        }
        return n.data().toByteArray();
    }

    /** Our DH key pair for the chosen group and {@code g^xy} with the peer's public value. */
    static byte[] agree(Ikev1Engine engine, Ikev1Sa sa, KeyExchangePayload peerKe) throws ExchangeFailure {
        int expected = DiffieHellman.publicValueLength(sa.proposal.group());
        if (peerKe.data().length() != expected) {
            throw new ExchangeFailure(DropReason.MALFORMED, NotifyType.INVALID_KEY_INFORMATION, "peer's KE of "
                    + peerKe.data().length() + " bytes does not fit " + sa.proposal.group() + " (" + expected + ")");
        }
        if (sa.dh == null) {
            sa.dh = engine.dhKeys().generate(sa.proposal.group());
        }
        try {
            return sa.dh.sharedSecret(peerKe.data().toByteArray());
        } catch (InvalidKeyException e) {
            throw new ExchangeFailure(DropReason.MALFORMED, NotifyType.INVALID_KEY_INFORMATION,
                    "peer's DH value refused: " + e.getMessage());
        }
    }

    /**
     * Our Phase 1 identity: with a certificate, ID_DER_ASN1_DN holding the exact DER subject (Android
     * compares it byte for byte); with a PSK, the address the peer reached.
     */
    static IdPayload ourId(Ikev1Sa sa, IkeSettings settings) {
        if (!sa.proposal.psk() && settings.certificate().isPresent()) {
            byte[] dn = CertificateNames.exactSubjectDer(settings.certificate().get().certificate());
            return new IdPayload(IdPayload.ID_DER_ASN1_DN, 0, 0, Octets.of(dn));
        }
        InetAddress a = sa.localAddress;
        if (a == null) {
            return new IdPayload(IdPayload.ID_IPV4_ADDR, 0, 0, Octets.of(new byte[4]));
        }
        return new IdPayload(a instanceof Inet4Address ? IdPayload.ID_IPV4_ADDR : IdPayload.ID_IPV6_ADDR, 0, 0,
                Octets.of(a.getAddress()));
    }

    /** The payloads that prove our identity: HASH for PSK, or our single CERT and SIG for signatures. */
    static List<Payload> proof(Ikev1Sa sa, IkeSettings settings, byte[] hash) throws ExchangeFailure {
        if (sa.proposal.psk()) {
            return List.of(new HashPayload(Octets.of(hash)));
        }
        IkeSettings.LocalCertificate local = settings.certificate().orElseThrow();
        try {
            byte[] sig = RsaSignatures.sign(local.privateKey(), hash);
            return List.of(new CertPayload(CertEncoding.X509_SIGNATURE, Octets.of(local.certificate().getEncoded())),
                    new SignaturePayload(Octets.of(sig)));
        } catch (GeneralSecurityException e) {
            throw new ExchangeFailure(DropReason.POLICY, null, "cannot sign with our private key: " + e.getMessage());
        }
    }

    /** CERTREQ payloads naming each configured CA, so the peer can pick its certificate. */
    static List<Payload> certificateRequests(IkeSettings settings) {
        List<Payload> out = new ArrayList<>();
        for (X509Certificate ca : settings.trust().trustAnchors()) {
            out.add(new CertRequestPayload(CertEncoding.X509_SIGNATURE, Octets.of(CertificateNames.exactSubjectDer(ca))));
        }
        if (out.isEmpty()) {
            out.add(new CertRequestPayload(CertEncoding.X509_SIGNATURE, Octets.empty()));
        }
        return out;
    }

    /**
     * Checks the peer's certificate, identity and signature over {@code expectedHash}; sets the SA's
     * identity. Used for RSA signature authentication only.
     */
    static void verifySignature(Ikev1Engine engine, Ikev1Sa sa, Payloads payloads, IdPayload id, byte[] expectedHash)
            throws ExchangeFailure {
        SignaturePayload sig = payloads.first(SignaturePayload.class).orElseThrow(() -> ExchangeFailure.refused(
                Phase1Refusal.MALFORMED, "peer chose RSA signatures but sent no SIG payload"));
        List<byte[]> certs = new ArrayList<>();
        for (CertPayload c : payloads.all(CertPayload.class)) {
            if (c.encoding() == CertEncoding.X509_SIGNATURE) {
                certs.add(c.data().toByteArray());
            } else {
                engine.trace().detail(sa.label(), "ignoring CERT payload with encoding " + c.encoding());
            }
        }
        engine.trace().progress(sa.label(), "peer ID " + Identities.typeName(id.idType()) + " "
                + Identities.text(id.idType(), id.data().toByteArray()));
        PeerAuthenticator.Outcome outcome = engine.authenticator().authenticate(certs, id.idType(),
                id.data().toByteArray());
        if (!outcome.ok()) {
            Phase1Refusal refusal = Phase1Refusal.of(outcome.refusal());
            String reason = outcome.reason();
            if (refusal == Phase1Refusal.ID_NOT_ACCEPTED && !RsaSignatures.verify(outcome.certificate().getPublicKey(),
                    expectedHash, sig.data().toByteArray())) {
                // Whoever has not shown the key only learns that authentication failed (see Phase1Refusal).
                refusal = Phase1Refusal.PROOF;
                reason += "; its signature does not verify either";
            }
            throw ExchangeFailure.refused(refusal, reason);
        }
        X509Certificate cert = outcome.accepted().certificate();
        for (String note : outcome.accepted().notes()) {
            engine.trace().step(sa.label(), note);
        }
        if (!RsaSignatures.verify(cert.getPublicKey(), expectedHash, sig.data().toByteArray())) {
            throw ExchangeFailure.refused(Phase1Refusal.PROOF, "signature of "
                    + CertificateNames.subject(cert) + " does not verify");
        }
        sa.identity = outcome.accepted().identity();
        sa.peerId = id;
        sa.authenticatedAs = "certificate " + CertificateNames.subject(cert) + " (serial "
                + cert.getSerialNumber().toString(16) + ", issuer " + CertificateNames.name(cert.getIssuerX500Principal())
                + ")";
        engine.trace().progress(sa.label(), "peer authenticated by " + sa.authenticatedAs);
    }

    static boolean hashEquals(HashPayload got, byte[] expected) {
        return MessageDigest.isEqual(got.data().toByteArray(), expected);
    }

    static boolean initialContact(Payloads payloads) {
        for (NotifyPayload n : payloads.all(NotifyPayload.class)) {
            if (n.notifyType().equals(NotifyType.INITIAL_CONTACT)) {
                return true;
            }
        }
        return false;
    }

    static Endpoint floated(Endpoint e) {
        return e.withPort(NatTraversal.NAT_T_PORT);
    }
}
