package org.certvpn.ike.v1;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.crypto.DhKeyPair;
import org.certvpn.crypto.Ikev1Hashes;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.wire.Attribute;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.HashPayload;
import org.certvpn.ike.wire.IdPayload;
import org.certvpn.ike.wire.IpsecAttribute;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.KeyExchangePayload;
import org.certvpn.ike.wire.NoncePayload;
import org.certvpn.ike.wire.NotifyPayload;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.PayloadCodec;
import org.certvpn.ike.wire.Payloads;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.ipsec.ChildSaKeys;

/** Quick Mode, initiator side: the mirror of {@link QuickModeResponder}, as Android's racoon runs it. */
final class QuickModeInitiator extends QuickModeExchange {
    private final Ikev1Engine engine;
    private final Ikev1Sa sa;
    private final Ikev1Initiation init;
    private final List<Phase2Proposal> offers = new ArrayList<>();
    private byte[] niB;
    private DhKeyPair dh;
    private int ourSpi;
    private InetAddress traffic;

    private QuickModeInitiator(Ikev1Engine engine, Ikev1Sa sa, int messageId, long now) {
        super(messageId, now);
        this.engine = engine;
        this.sa = sa;
        this.init = sa.initiation;
    }

    static void start(Ikev1Engine engine, Ikev1Sa sa, long now) {
        QuickModeInitiator qm = new QuickModeInitiator(engine, sa, engine.randomMessageId(sa), now);
        sa.quickModes.put(qm.messageId, qm);
        qm.sendFirst(now);
    }

    private void sendFirst(long now) {
        boolean udp = sa.natTraversalActive();
        int mode = udp ? sa.natt.udpTransportMode() : IpsecAttribute.MODE_TRANSPORT;
        for (Ikev1Initiation.EspOffer o : init.espOffers()) {
            offers.add(new Phase2Proposal(o.cipher(), o.integrity(), mode, init.pfsGroup().orElse(null),
                    init.childLifetime().toSeconds(), 0));
        }
        ourSpi = engine.allocateSpi();
        reservedSpi = ourSpi;
        niB = engine.randomBytes(engine.settings().nonceLength());
        traffic = init.trafficAddress();
        List<Payload> rest = new ArrayList<>();
        rest.add(Ikev1Proposals.phase2Offer(ourSpi, offers));
        rest.add(new NoncePayload(Octets.of(niB)));
        if (init.pfsGroup().isPresent()) {
            dh = engine.dhKeys().generate(init.pfsGroup().get());
            rest.add(new KeyExchangePayload(Octets.of(dh.publicValue())));
        }
        rest.add(hostId(traffic, 0));
        rest.add(hostId(init.responder().address(), init.peerPort()));
        byte[] hash1 = Ikev1Hashes.quickModeHash1(sa.keys.prf(), sa.keys.skeyidA(), messageId, PayloadCodec.encode(rest));
        List<Payload> qm1 = new ArrayList<>();
        qm1.add(new HashPayload(Octets.of(hash1)));
        qm1.addAll(rest);
        int flags = init.commitBit() ? IsakmpHeader.FLAG_COMMIT : 0;
        byte[] message = sa.seal(ExchangeType.QUICK_MODE, messageId, flags, qm1, sa.freshPhase2Iv(messageId));
        sa.phase2Ivs.put(messageId, Ikev1Sa.lastBlock(message, sa.blockSize()));
        engine.trace().step(sa.label(), String.format("initiating Quick Mode %08x, SPI %08x", messageId, ourSpi));
        engine.request(sa, now, message);
    }

    private static IdPayload hostId(InetAddress a, int port) {
        return new IdPayload(a instanceof Inet4Address ? IdPayload.ID_IPV4_ADDR : IdPayload.ID_IPV6_ADDR,
                IpsecAttribute.IPPROTO_UDP, port, Octets.of(a.getAddress()));
    }

    @Override
    void process(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        Ikev1Sa.Opened opened = Ikev1Sa.open(datagram, h, sa.phase2Ivs.get(messageId), sa.keys);
        Payloads p = opened.payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.QUICK_MODE_2, p);
        if (problem != null) {
            throw new ExchangeFailure(DropReason.MALFORMED, null, problem);
        }
        byte[] expected = Ikev1Hashes.quickModeHash2(sa.keys.prf(), sa.keys.skeyidA(), messageId, niB, p.from(1));
        if (!Phase1Support.hashEquals((HashPayload) p.get(0), expected)) {
            throw new ExchangeFailure(DropReason.HASH_MISMATCH, null, "Quick Mode HASH(2) does not verify");
        }
        SaPayload reply = p.first(SaPayload.class).orElseThrow();
        if (reply.proposals().size() != 1 || reply.proposals().getFirst().transforms().size() != 1
                || reply.proposals().getFirst().spi().length() != 4) {
            throw new ExchangeFailure(DropReason.NO_PROPOSAL_CHOSEN, null, "responder's Quick Mode SA is not one transform");
        }
        String[] why = new String[1];
        Phase2Proposal chosen = Ikev1Proposals.parsePhase2(reply.proposals().getFirst().transforms().getFirst(), why);
        if (chosen == null) {
            throw new ExchangeFailure(DropReason.NO_PROPOSAL_CHOSEN, null, "responder chose an unknown transform: " + why[0]);
        }
        int peerSpi = Ikev1Proposals.spiValue(reply.proposals().getFirst().spi());
        byte[] nrB = Phase1Support.checkedNonce(p.first(NoncePayload.class).orElseThrow(), "Quick Mode Nr");
        long lifetime = chosen.lifetimeSeconds();
        for (NotifyPayload n : p.all(NotifyPayload.class)) {
            if (n.notifyType().equals(NotifyType.RESPONDER_LIFETIME)) {
                lifetime = responderLifetime(n.data(), lifetime);
                engine.trace().step(sa.label(), "responder shortened the lifetime to " + lifetime + " s");
            }
        }
        byte[] gqmxy = null;
        if (dh != null) {
            KeyExchangePayload ke = p.first(KeyExchangePayload.class).orElseThrow(() -> new ExchangeFailure(
                    DropReason.NO_PROPOSAL_CHOSEN, null, "responder dropped PFS"));
            try {
                gqmxy = dh.sharedSecret(ke.data().toByteArray());
            } catch (InvalidKeyException e) {
                throw new ExchangeFailure(DropReason.MALFORMED, null, "responder's Quick Mode DH value refused");
            }
        }
        byte[] hash3 = Ikev1Hashes.quickModeHash3(sa.keys.prf(), sa.keys.skeyidA(), messageId, niB, nrB);
        byte[] message = sa.seal(ExchangeType.QUICK_MODE, messageId, 0, List.of(new HashPayload(Octets.of(hash3))),
                opened.lastBlock());
        sa.retransmitAt = Long.MAX_VALUE;
        sa.retransmitMessage = List.of();
        lastResponse = engine.send(sa, message);
        boolean udp = NatTraversal.isUdpTransport(chosen.mode());
        ChildSaKeys keys = QuickModeResponder.childKeys(sa, chosen, ourSpi, peerSpi, niB, nrB, gqmxy, udp, lifetime, 0);
        ChildSaInfo info = new ChildSaInfo(sa.serial, sa.peer, sa.identity, ourSpi, peerSpi, Optional.empty(), udp,
                sa.local().address());
        engine.installChild(now, sa, info, keys);
        finished = true;
        finishedAt = now;
        sa.phase2Ivs.remove(messageId);
    }

    /** The seconds lifetime in RESPONDER-LIFETIME attributes, or {@code current} when it names none. */
    private static long responderLifetime(Octets data, long current) {
        byte[] b = data.toByteArray();
        int type = 0;
        int i = 0;
        while (i + 4 <= b.length) {
            int word = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            int attr = word & 0x7fff;
            long value;
            if ((word & 0x8000) != 0) {
                value = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                i += 4;
            } else {
                int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                if (i + 4 + len > b.length || len > 8) {
                    return current;
                }
                value = Attribute.tlv(attr, Octets.copyOf(b, i + 4, len)).numeric().orElse(current);
                i += 4 + len;
            }
            if (attr == IpsecAttribute.SA_LIFE_TYPE) {
                type = (int) value;
            } else if (attr == IpsecAttribute.SA_LIFE_DURATION && type == IpsecAttribute.LIFE_SECONDS) {
                return value;
            }
        }
        return current;
    }
}
