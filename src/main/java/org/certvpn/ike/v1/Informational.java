package org.certvpn.ike.v1;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.crypto.Ikev1Hashes;
import org.certvpn.crypto.Ikev1KeyDerivation;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.wire.DeletePayload;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.HashPayload;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.IsakmpMessage;
import org.certvpn.ike.wire.NotifyPayload;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.PayloadCodec;
import org.certvpn.ike.wire.SaPayload;

/**
 * Informational exchanges (RFC 2409 §5.7): {@code HDR*, HASH(1), N/D} with
 * {@code HASH(1) = prf(SKEYID_a, M-ID | N/D)} and a fresh IV per M-ID. Carries DELETE of ISAKMP and ESP
 * SAs, INITIAL-CONTACT, and DPD (RFC 3706 §5: R-U-THERE / R-U-THERE-ACK, SPI = both cookies, data = a
 * 32-bit sequence number).
 */
final class Informational {
    private Informational() {}

    static byte[] cookies(Ikev1Sa sa) {
        byte[] out = new byte[16];
        System.arraycopy(Ikev1KeyDerivation.cookie(sa.ckyI), 0, out, 0, 8);
        System.arraycopy(Ikev1KeyDerivation.cookie(sa.ckyR), 0, out, 8, 8);
        return out;
    }

    static void receive(Ikev1Engine engine, Ikev1Sa sa, long now, IsakmpHeader h, byte[] datagram)
            throws ExchangeFailure, MalformedPacketException {
        if (!h.encrypted()) {
            receivePlain(engine, sa, now, datagram);
            return;
        }
        if (sa.state == Ikev1SaState.MM_I5_SENT) {
            receiveRefusal(engine, sa, h, datagram);
            return;
        }
        if (!sa.state.established() || sa.phase1LastBlock == null) {
            throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "encrypted Informational before Phase 1 completed");
        }
        if (h.messageId() == 0) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, "Informational with M-ID 0");
        }
        Ikev1Sa.Opened opened = openVerified(engine, sa, h, datagram, sa.freshPhase2Iv(h.messageId()));
        for (Payload p : opened.payloads().payloads()) {
            if (p instanceof NotifyPayload n) {
                notify(engine, sa, now, n);
            } else if (p instanceof DeletePayload d) {
                delete(engine, sa, now, d);
            }
        }
    }

    /**
     * Initiator waiting for Main Mode message 6: the responder may refuse us instead, in an Informational
     * encrypted under the Phase 1 keys with its IV from the last block of our message 5 (the chain's state,
     * left as it is for message 6). An error notify that verifies ends the negotiation at once rather than
     * after every retransmission went unanswered.
     */
    private static void receiveRefusal(Ikev1Engine engine, Ikev1Sa sa, IsakmpHeader h, byte[] datagram)
            throws ExchangeFailure, MalformedPacketException {
        if (h.messageId() == 0) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, "Informational with M-ID 0");
        }
        byte[] iv = Ikev1KeyDerivation.phase2Iv(sa.keys.prf().hash(), sa.phase1Iv, h.messageId(), sa.blockSize());
        Ikev1Sa.Opened opened = openVerified(engine, sa, h, datagram, iv);
        for (NotifyPayload n : opened.payloads().all(NotifyPayload.class)) {
            if (n.notifyType().isError()) {
                throw new ExchangeFailure(DropReason.AUTHENTICATION_FAILED, null,
                        "responder refused authentication: " + n.notifyType());
            }
            engine.trace().detail(sa.label(), "ignoring " + n.notifyType() + " before Phase 1 completed");
        }
    }

    /** Decrypts an Informational with {@code iv}, checks its payloads and its HASH(1) (RFC 2409 §5.7). */
    private static Ikev1Sa.Opened openVerified(Ikev1Engine engine, Ikev1Sa sa, IsakmpHeader h, byte[] datagram,
            byte[] iv) throws ExchangeFailure, MalformedPacketException {
        Ikev1Sa.Opened opened = Ikev1Sa.open(datagram, h, iv, sa.keys);
        String problem = engine.inbound(sa, PayloadRules.Message.INFORMATIONAL, opened.payloads());
        if (problem != null) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, problem);
        }
        byte[] expected = Ikev1Hashes.informationalHash(sa.keys.prf(), sa.keys.skeyidA(), h.messageId(),
                opened.payloads().from(1));
        byte[] got = ((HashPayload) opened.payloads().get(0)).data().toByteArray();
        if (!MessageDigest.isEqual(expected, got)) {
            throw ExchangeFailure.drop(DropReason.HASH_MISMATCH, "Informational HASH(1) does not verify");
        }
        return opened;
    }

    private static void receivePlain(Ikev1Engine engine, Ikev1Sa sa, long now, byte[] datagram)
            throws MalformedPacketException {
        IsakmpMessage m = IsakmpMessage.decode(datagram);
        for (NotifyPayload n : m.payloads().all(NotifyPayload.class)) {
            if (n.notifyType().isError()) {
                engine.trace().failure(sa.label(), "peer reports " + n.notifyType() + " (unauthenticated)");
                if (!sa.state.established()) {
                    engine.delete(now, sa, "peer reported " + n.notifyType(), false, Ikev1Engine.ChildFate.REMOVE);
                    return;
                }
            } else {
                engine.trace().detail(sa.label(), "ignoring unauthenticated " + n.notifyType());
            }
        }
    }

    private static void notify(Ikev1Engine engine, Ikev1Sa sa, long now, NotifyPayload n) {
        NotifyType t = n.notifyType();
        if (t.equals(NotifyType.R_U_THERE) || t.equals(NotifyType.R_U_THERE_ACK)) {
            if (!n.spi().contentEquals(cookies(sa)) || n.data().length() != 4) {
                engine.trace().detail(sa.label(), t + " with foreign SPI or bad data ignored");
                return;
            }
            int seq = (n.data().get(0) << 24) | (n.data().get(1) << 16) | (n.data().get(2) << 8) | n.data().get(3);
            if (t.equals(NotifyType.R_U_THERE)) {
                engine.trace().detail(sa.label(), "R-U-THERE " + Integer.toUnsignedString(seq) + ", answering");
                send(engine, sa, now, List.of(new NotifyPayload(SaPayload.DOI_IPSEC, SaPayload.Proposal.PROTO_ISAKMP,
                        Octets.of(cookies(sa)), NotifyType.R_U_THERE_ACK, n.data())));
            } else {
                engine.dpdAcknowledged(sa, now, seq);
            }
        } else if (t.equals(NotifyType.INITIAL_CONTACT)) {
            engine.trace().progress(sa.label(), "peer sent INITIAL-CONTACT");
            engine.initialContact(now, sa);
        } else if (t.isError()) {
            engine.trace().failure(sa.label(), "peer reports " + t);
        } else {
            engine.trace().step(sa.label(), "peer notifies " + t);
        }
    }

    private static void delete(Ikev1Engine engine, Ikev1Sa sa, long now, DeletePayload d) {
        if (d.protocolId() == SaPayload.Proposal.PROTO_ISAKMP) {
            for (Octets spi : d.spis()) {
                if (spi.length() == 16) {
                    engine.peerDeletedIkeSa(now, sa, spi.toByteArray());
                }
            }
        } else if (d.protocolId() == SaPayload.Proposal.PROTO_IPSEC_ESP || d.protocolId() == SaPayload.Proposal.PROTO_IPSEC_AH) {
            for (Octets spi : d.spis()) {
                if (spi.length() == 4) {
                    engine.peerDeletedChild(now, sa, Ikev1Proposals.spiValue(spi));
                }
            }
        }
    }

    /** Sends an Informational exchange carrying {@code body} (N and D payloads) under a fresh M-ID. */
    static void send(Ikev1Engine engine, Ikev1Sa sa, long now, List<? extends Payload> body) {
        if (sa.keys == null || sa.phase1LastBlock == null) {
            return;
        }
        int mid = engine.randomMessageId(sa);
        byte[] hash = Ikev1Hashes.informationalHash(sa.keys.prf(), sa.keys.skeyidA(), mid, PayloadCodec.encode(body));
        List<Payload> payloads = new ArrayList<>();
        payloads.add(new HashPayload(Octets.of(hash)));
        payloads.addAll(body);
        engine.send(sa, sa.seal(ExchangeType.INFORMATIONAL, mid, 0, payloads, sa.freshPhase2Iv(mid)));
    }

    static void sendDelete(Ikev1Engine engine, Ikev1Sa sa, long now, int protocol, List<Octets> spis) {
        int size = spis.getFirst().length();
        send(engine, sa, now, List.of(new DeletePayload(SaPayload.DOI_IPSEC, protocol, size, spis)));
        engine.trace().detail(sa.label(), "sent DELETE for " + (protocol == SaPayload.Proposal.PROTO_ISAKMP
                ? "the ISAKMP SA" : spis.size() + " ESP SA(s)"));
    }

    static void sendDpdProbe(Ikev1Engine engine, Ikev1Sa sa, long now) {
        if (sa.dpdSequence == 0) {
            // RFC 3706 §7: start from a random sequence number, kept below 2^31 to leave room.
            sa.dpdSequence = Math.max(1, engine.randomBytes(4)[0] & 0x7f) << 16;
        }
        int seq = ++sa.dpdSequence;
        byte[] data = {(byte) (seq >>> 24), (byte) (seq >>> 16), (byte) (seq >>> 8), (byte) seq};
        send(engine, sa, now, List.of(new NotifyPayload(SaPayload.DOI_IPSEC, SaPayload.Proposal.PROTO_ISAKMP,
                Octets.of(cookies(sa)), NotifyType.R_U_THERE, Octets.of(data))));
        engine.trace().detail(sa.label(), "R-U-THERE " + seq + " sent");
        engine.dpdProbeSent(sa, now, seq);
    }
}
