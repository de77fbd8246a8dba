package org.certvpn.ike.v1;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.crypto.DhKeyPair;
import org.certvpn.crypto.IkeEncryption;
import org.certvpn.crypto.Ikev1KeyDerivation;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSaInfo;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.FragmentPayload;
import org.certvpn.ike.wire.IdPayload;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.IsakmpMessage;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.PayloadCodec;
import org.certvpn.ike.wire.PayloadType;
import org.certvpn.ike.wire.Payloads;

/**
 * One ISAKMP SA: identity of the negotiation (cookies, endpoints), what was agreed, the key material,
 * the CBC IV chain of RFC 2409 Appendix B, the responses kept for retransmitted requests, and the timers.
 * The exchanges ({@link MainModeResponder}, {@link QuickModeResponder}, ...) read and fill it.
 *
 * <p>IVs: Phase 1 messages chain from {@code hash(g^xi | g^xr)} through each encrypted message's last
 * ciphertext block; that final block is kept apart ({@link #phase1LastBlock}) so Informational exchanges
 * never disturb it; each Quick Mode or Informational M-ID starts from {@code hash(last Phase 1 block |
 * M-ID)} and a Quick Mode then chains within its own M-ID. A retransmitted request is answered from the
 * cache and never decrypted again, so it cannot advance an IV.
 */
final class Ikev1Sa {
    final long serial;
    final boolean initiator;
    final long ckyI;
    long ckyR;
    final long createdAt;

    Endpoint peer;
    /** The endpoint the engine's by-peer index files this SA under (see {@code Ikev1Engine.reindex}). */
    Endpoint indexedPeer;
    int localPort;
    InetAddress localAddress;
    Ikev1SaState state;
    ExchangeType phase1Exchange = ExchangeType.IDENTITY_PROTECTION;

    Phase1Proposal proposal;
    byte[] saiB;
    DhKeyPair dh;
    byte[] gxi;
    byte[] gxr;
    byte[] gxy;
    byte[] ni;
    byte[] nr;
    Phase1Keys keys;

    NatTraversal natt;
    boolean peerBehindNat;
    boolean localBehindNat;
    boolean encapsulationForced;
    boolean peerDpd;
    boolean peerFragmentation;

    IdPayload peerId;
    PeerIdentity identity;
    String authenticatedAs = "";

    byte[] phase1Iv;
    byte[] phase1LastBlock;
    final Map<Integer, byte[]> phase2Ivs = new LinkedHashMap<>();

    /** The Phase 1 exchange in progress (null once established). */
    Phase1Exchange phase1Task;
    /** Quick Modes in progress or recently finished (kept to answer retransmissions), by M-ID. */
    final Map<Integer, QuickModeExchange> quickModes = new LinkedHashMap<>();

    /** The first request (MM1/AM1) and our answer: retransmits of it still carry a zero responder cookie. */
    byte[] firstRequest;
    List<byte[]> firstResponse = List.of();
    /** The latest Phase 1 request and our answer. */
    byte[] lastRequest;
    List<byte[]> lastResponse = List.of();

    long negotiationDeadline = Long.MAX_VALUE;
    long expiresAt = Long.MAX_VALUE;
    long lastHeard;

    int dpdSequence;
    int dpdOutstanding;
    long dpdProbeAt = Long.MAX_VALUE;
    long dpdGiveUpAt = Long.MAX_VALUE;

    /** Initiator: the request we retransmit until answered. */
    Ikev1Initiation initiation;
    List<byte[]> retransmitMessage = List.of();
    long retransmitAt = Long.MAX_VALUE;
    int retransmits;

    int fragmentId;
    /** The source address counted against the half-open limits while negotiating (responder only). */
    InetAddress halfOpenSource;

    Ikev1Sa(long serial, boolean initiator, long ckyI, long ckyR, Endpoint peer, int localPort, InetAddress localAddress,
            long now, Ikev1SaState state) {
        this.serial = serial;
        this.initiator = initiator;
        this.ckyI = ckyI;
        this.ckyR = ckyR;
        this.peer = peer;
        this.localPort = localPort;
        this.localAddress = localAddress;
        this.createdAt = now;
        this.lastHeard = now;
        this.state = state;
    }

    String label() {
        return "ike#" + serial + " " + peer;
    }

    /** Our address and port as the peer reaches them; the address is unspecified until we know it. */
    Endpoint local() {
        return Endpoint.local(localAddress, localPort);
    }

    boolean natTraversalActive() {
        return natt != null && (peerBehindNat || localBehindNat || encapsulationForced);
    }

    IkeSaInfo info() {
        return new IkeSaInfo(serial, peer, localPort, identity, proposal == null ? "" : proposal.describe(),
                natTraversalActive(), local().address());
    }

    long nextDeadline(long quickModeLingerMillis, long quickModeTimeoutMillis) {
        long d = Math.min(negotiationDeadline, expiresAt);
        d = Math.min(d, Math.min(dpdProbeAt, dpdGiveUpAt));
        for (QuickModeExchange q : quickModes.values()) {
            d = Math.min(d, q.deadline(quickModeLingerMillis, quickModeTimeoutMillis));
        }
        return Math.min(d, retransmitAt);
    }

    // ---- encryption ----

    int blockSize() {
        return keys.cipher().blockSize();
    }

    /** A decrypted message: the payload chain and the last ciphertext block (the next IV in a chain). */
    record Opened(Payloads payloads, byte[] lastBlock) {}

    /** Decrypts {@code datagram} (header already decoded) with {@code iv} under {@code withKeys}. */
    static Opened open(byte[] datagram, IsakmpHeader header, byte[] iv, Phase1Keys withKeys)
            throws MalformedPacketException {
        int bs = withKeys.cipher().blockSize();
        int length = header.length() - IsakmpHeader.LENGTH;
        if (length <= 0 || length % bs != 0) {
            throw new MalformedPacketException(IsakmpHeader.LENGTH,
                    "encrypted body of " + length + " bytes is not a whole number of " + bs + "-byte blocks");
        }
        byte[] plain = IkeEncryption.decrypt(withKeys.cipher(), withKeys.encryptionKey(), iv, datagram,
                IsakmpHeader.LENGTH, length);
        Payloads payloads = PayloadCodec.decode(header.nextPayload(), plain, 0, plain.length);
        return new Opened(payloads, Arrays.copyOfRange(datagram, header.length() - bs, header.length()));
    }

    /** Encrypts {@code payloads} under {@code iv}; the new chain IV is {@link #lastBlock} of the result. */
    byte[] seal(ExchangeType exchange, int messageId, int flags, List<? extends Payload> payloads, byte[] iv) {
        byte[] body = PayloadCodec.encode(payloads);
        int bs = blockSize();
        // Zero padding to the block size; the header length covers it (RFC 2409 Appendix B).
        byte[] padded = Arrays.copyOf(body, (body.length + bs - 1) / bs * bs);
        byte[] ct = IkeEncryption.encrypt(keys.cipher(), keys.encryptionKey(), iv, padded);
        IsakmpHeader h = IsakmpHeader.v1(ckyI, ckyR, payloads.getFirst().type(), exchange,
                flags | IsakmpHeader.FLAG_ENCRYPTION, messageId, 0);
        return IsakmpMessage.assemble(h, ct);
    }

    byte[] plain(ExchangeType exchange, int messageId, List<? extends Payload> payloads) {
        return IsakmpMessage.encode(IsakmpHeader.v1(ckyI, ckyR, PayloadType.NONE, exchange, 0, messageId, 0), payloads);
    }

    static byte[] lastBlock(byte[] message, int blockSize) {
        return Arrays.copyOfRange(message, message.length - blockSize, message.length);
    }

    /** IV of the next message of Quick Mode/Informational {@code messageId}, starting a chain when new. */
    byte[] phase2Iv(int messageId) {
        byte[] iv = phase2Ivs.get(messageId);
        return iv != null ? iv : freshPhase2Iv(messageId);
    }

    byte[] freshPhase2Iv(int messageId) {
        return Ikev1KeyDerivation.phase2Iv(keys.prf().hash(), phase1LastBlock, messageId, blockSize());
    }

    // ---- fragmentation ----

    /** {@code message} as sent: whole, or as Cisco-format fragments when the peer accepts them and it is large. */
    List<byte[]> datagrams(byte[] message, int threshold, boolean fragmentationEnabled) {
        if (!fragmentationEnabled || !peerFragmentation || message.length <= threshold) {
            return List.of(message);
        }
        IsakmpHeader original;
        try {
            original = IsakmpHeader.decode(message);
        } catch (MalformedPacketException e) {
            throw new IllegalStateException("encoded an undecodable message", e);
        }
        int chunk = Math.max(64, threshold - IsakmpHeader.LENGTH - 8);
        int id = (++fragmentId) & 0xffff;
        List<byte[]> out = new ArrayList<>();
        int n = 1;
        for (int off = 0; off < message.length; off += chunk) {
            int len = Math.min(chunk, message.length - off);
            boolean last = off + len >= message.length;
            var frag = new FragmentPayload(id, n++, last, Octets.copyOf(message, off, len));
            IsakmpHeader h = IsakmpHeader.v1(ckyI, ckyR, PayloadType.FRAGMENT, original.exchangeType(), 0,
                    original.messageId(), 0);
            out.add(IsakmpMessage.encode(h, List.of(frag)));
        }
        return out;
    }

    /**
     * Overwrites the secrets this SA derived with zeros once it is deleted: SKEYID, SKEYID_d/a/e, the
     * encryption key, g^xy and the CBC chaining state. The Diffie-Hellman private key is a JCE object whose
     * encoding cannot be wiped; it goes with this object.
     */
    void wipeSecrets() {
        if (keys != null) {
            for (byte[] k : new byte[][] {keys.skeyid(), keys.skeyidD(), keys.skeyidA(), keys.skeyidE(),
                    keys.encryptionKey()}) {
                java.util.Arrays.fill(k, (byte) 0);
            }
        }
        for (byte[] b : new byte[][] {gxy, phase1Iv, phase1LastBlock}) {
            if (b != null) {
                java.util.Arrays.fill(b, (byte) 0);
            }
        }
        phase2Ivs.values().forEach(iv -> java.util.Arrays.fill(iv, (byte) 0));
        phase2Ivs.clear();
    }
}
