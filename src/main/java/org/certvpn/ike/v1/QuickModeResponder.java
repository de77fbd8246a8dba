package org.certvpn.ike.v1;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.crypto.DhKeyPair;
import org.certvpn.crypto.DiffieHellman;
import org.certvpn.crypto.Ikev1Hashes;
import org.certvpn.crypto.Ikev1KeyDerivation;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Identities;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.HashPayload;
import org.certvpn.ike.wire.IdPayload;
import org.certvpn.ike.wire.IpsecAttribute;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.KeyExchangePayload;
import org.certvpn.ike.wire.NatOaPayload;
import org.certvpn.ike.wire.NoncePayload;
import org.certvpn.ike.wire.NotifyPayload;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.PayloadCodec;
import org.certvpn.ike.wire.Payloads;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.ipsec.ChildSaKeys;

/**
 * Quick Mode, responder side (RFC 2409 §5.5), for L2TP's transport-mode SAs:
 *
 * <pre>
 *   HDR*, HASH(1), SA, Ni [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr] -->
 *                   <-- HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, N(RESPONDER-LIFETIME)] [, NAT-OAi, NAT-OAr]
 *   HDR*, HASH(3)   -->
 * </pre>
 *
 * IDcr must name our protected UDP port (1701) or everything; IDci may carry the client's private address
 * behind NAT, which is accepted and reported. A lifetime longer than ours is answered with
 * RESPONDER-LIFETIME (RFC 2407 §4.6.3.1). Keys are installed when HASH(3) verifies; with the commit bit
 * set, CONNECTED follows (RFC 2408 §4.8). A new Quick Mode while older SAs live is a rekey: both stay until
 * the older one is deleted or expires, so traffic never has a gap.
 */
final class QuickModeResponder extends QuickModeExchange {
    private final Ikev1Engine engine;
    private final Ikev1Sa sa;
    private byte[] niB;
    private byte[] nrB;
    private byte[] gqmxy;
    private Ikev1Proposals.Phase2Choice choice;
    private int ourSpi;
    private long lifetimeSeconds;
    private long lifetimeKilobytes;
    private boolean commit;
    private InetAddress peerTrafficAddress;
    private boolean udp;

    QuickModeResponder(Ikev1Engine engine, Ikev1Sa sa, int messageId, long now) {
        super(messageId, now);
        this.engine = engine;
        this.sa = sa;
    }

    private String label() {
        return sa.label() + String.format(" qm %08x", messageId);
    }

    @Override
    void process(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        if (choice == null) {
            message1(now, h, datagram);
        } else {
            message3(now, h, datagram);
        }
    }

    private void message1(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        Ikev1Sa.Opened opened = Ikev1Sa.open(datagram, h, sa.freshPhase2Iv(messageId), sa.keys);
        Payloads p = opened.payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.QUICK_MODE_1, p);
        if (problem != null) {
            throw new ExchangeFailure(DropReason.MALFORMED, null, problem);
        }
        byte[] expected = Ikev1Hashes.quickModeHash1(sa.keys.prf(), sa.keys.skeyidA(), messageId, p.from(1));
        if (!Phase1Support.hashEquals((HashPayload) p.get(0), expected)) {
            throw new ExchangeFailure(DropReason.HASH_MISMATCH, null, "Quick Mode HASH(1) does not verify");
        }
        commit = h.commit();
        SaPayload offered = p.first(SaPayload.class).orElseThrow();
        niB = Phase1Support.checkedNonce(p.first(NoncePayload.class).orElseThrow(), "Quick Mode Ni");
        Optional<KeyExchangePayload> ke = p.first(KeyExchangePayload.class);
        udp = sa.natTraversalActive();
        choice = Ikev1Proposals.selectPhase2(offered, engine.settings().algorithms(), udp, ke.isPresent());
        List<IdPayload> ids = p.all(IdPayload.class);
        checkSelectors(ids);
        for (NotifyPayload n : p.all(NotifyPayload.class)) {
            engine.trace().detail(label(), "Quick Mode notify " + n.notifyType());
        }

        DhKeyPair dh = null;
        if (ke.isPresent()) {
            var group = choice.proposal().pfsGroup();
            if (ke.get().data().length() != DiffieHellman.publicValueLength(group)) {
                throw new ExchangeFailure(DropReason.MALFORMED, null, "Quick Mode KE does not fit " + group);
            }
            dh = engine.dhKeys().generate(group);
            try {
                gqmxy = dh.sharedSecret(ke.get().data().toByteArray());
            } catch (InvalidKeyException e) {
                throw new ExchangeFailure(DropReason.MALFORMED, null, "Quick Mode DH value refused: " + e.getMessage());
            }
        }
        ourSpi = engine.allocateSpi();
        reservedSpi = ourSpi;
        nrB = engine.randomBytes(engine.settings().nonceLength());
        decideLifetimes();

        List<Payload> rest = new ArrayList<>();
        rest.add(Ikev1Proposals.phase2Reply(offered, choice, ourSpi));
        rest.add(new NoncePayload(Octets.of(nrB)));
        if (dh != null) {
            rest.add(new KeyExchangePayload(Octets.of(dh.publicValue())));
        }
        rest.addAll(ids);
        byte[] responderLifetime = responderLifetime();
        if (responderLifetime != null) {
            rest.add(new NotifyPayload(SaPayload.DOI_IPSEC, SaPayload.Proposal.PROTO_IPSEC_ESP,
                    Ikev1Proposals.spiOctets(ourSpi), NotifyType.RESPONDER_LIFETIME, Octets.of(responderLifetime)));
        }
        rest.addAll(natOriginalAddresses());
        byte[] hash2 = Ikev1Hashes.quickModeHash2(sa.keys.prf(), sa.keys.skeyidA(), messageId, niB,
                PayloadCodec.encode(rest));
        List<Payload> qm2 = new ArrayList<>();
        qm2.add(new HashPayload(Octets.of(hash2)));
        qm2.addAll(rest);
        byte[] message = sa.seal(ExchangeType.QUICK_MODE, messageId, 0, qm2, opened.lastBlock());
        sa.phase2Ivs.put(messageId, Ikev1Sa.lastBlock(message, sa.blockSize()));
        // Traced, logged at DEBUG: the child SA's installation (message 3) is the milestone the log shows.
        engine.trace().progress(label(), "Quick Mode: " + choice.proposal().describe() + String.format(
                ", SPIs in %08x out %08x", ourSpi, choice.peerSpi()) + ", lifetime " + lifetimeSeconds + " s"
                + (responderLifetime != null ? " (RESPONDER-LIFETIME sent)" : "")
                + (peerTrafficAddress != null ? ", IDci " + peerTrafficAddress.getHostAddress() : ""));
        lastResponse = engine.send(sa, message);
        responseRetransmitAt = now + Ikev1Engine.RESPONDER_RETRANSMIT_MILLIS;
    }

    /** RFC 2409 §5.5: IDs absent means the peers' IKE addresses; present, they must fit L2TP. */
    private void checkSelectors(List<IdPayload> ids) throws ExchangeFailure {
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() != 2) {
            throw new ExchangeFailure(DropReason.MALFORMED, NotifyType.INVALID_ID_INFORMATION,
                    "Quick Mode carries " + ids.size() + " ID payloads, not 0 or 2");
        }
        IdPayload ci = ids.get(0);
        IdPayload cr = ids.get(1);
        int port = engine.settings().protectedPort();
        boolean crAddress = cr.idType() == IdPayload.ID_IPV4_ADDR || cr.idType() == IdPayload.ID_IPV6_ADDR;
        boolean crProtocol = cr.protocol() == 0 || cr.protocol() == IpsecAttribute.IPPROTO_UDP;
        boolean crPort = cr.port() == 0 || cr.port() == port;
        if (!crAddress || !crProtocol || !crPort || ci.protocol() != cr.protocol()) {
            throw new ExchangeFailure(DropReason.POLICY, NotifyType.INVALID_ID_INFORMATION, "Quick Mode selectors refused: "
                    + describe(ci) + " -> " + describe(cr) + " (we protect UDP port " + port + " in transport mode)");
        }
        if (ci.idType() == IdPayload.ID_IPV4_ADDR || ci.idType() == IdPayload.ID_IPV6_ADDR) {
            peerTrafficAddress = Identities.address(ci.data().toByteArray());
        } else {
            throw new ExchangeFailure(DropReason.POLICY, NotifyType.INVALID_ID_INFORMATION,
                    "Quick Mode IDci must be a host address for transport mode, not " + describe(ci));
        }
    }

    private static String describe(IdPayload id) {
        return Identities.text(id.idType(), id.data().toByteArray()) + "/" + id.protocol() + "/" + id.port();
    }

    private void decideLifetimes() {
        long ours = engine.settings().childLifetime().toSeconds();
        long theirs = choice.proposal().lifetimeSeconds();
        lifetimeSeconds = theirs == 0 ? ours : Math.min(theirs, ours);
        long oursKb = engine.settings().childLifetimeKilobytes();
        long theirsKb = choice.proposal().lifetimeKilobytes();
        lifetimeKilobytes = oursKb == 0 ? theirsKb : theirsKb == 0 ? oursKb : Math.min(oursKb, theirsKb);
    }

    /** RESPONDER-LIFETIME data (RFC 2407 §4.6.3.1): life type TV, then life duration as a 4-byte TLV. */
    private byte[] responderLifetime() {
        boolean shorterSeconds = lifetimeSeconds < choice.proposal().lifetimeSeconds();
        boolean shorterKb = lifetimeKilobytes != 0
                && (choice.proposal().lifetimeKilobytes() == 0 || lifetimeKilobytes < choice.proposal().lifetimeKilobytes());
        if (!shorterSeconds && !shorterKb) {
            return null;
        }
        List<byte[]> parts = new ArrayList<>();
        if (shorterSeconds) {
            parts.add(lifetimeAttributes(IpsecAttribute.LIFE_SECONDS, lifetimeSeconds));
        }
        if (shorterKb) {
            parts.add(lifetimeAttributes(IpsecAttribute.LIFE_KILOBYTES, lifetimeKilobytes));
        }
        byte[] out = new byte[parts.size() * 12];
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i), 0, out, i * 12, 12);
        }
        return out;
    }

    static byte[] lifetimeAttributes(int type, long value) {
        return new byte[] {(byte) 0x80, IpsecAttribute.SA_LIFE_TYPE, 0, (byte) type,
            0, IpsecAttribute.SA_LIFE_DURATION, 0, 4,
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /**
     * RFC 3947 §5.2: with UDP-encapsulated transport mode, NAT-OAi (the initiator as we see it) and NAT-OAr
     * (our own address), when we know it.
     */
    private List<Payload> natOriginalAddresses() {
        if (!udp || sa.localAddress == null || !NatTraversal.isUdpTransport(choice.proposal().mode())) {
            return List.of();
        }
        return List.of(natOa(sa.peer.address()), natOa(sa.localAddress));
    }

    private NatOaPayload natOa(InetAddress a) {
        return new NatOaPayload(sa.natt.natOa(), a instanceof Inet4Address ? IdPayload.ID_IPV4_ADDR : IdPayload.ID_IPV6_ADDR,
                Octets.of(a.getAddress()));
    }

    private void message3(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        Ikev1Sa.Opened opened = Ikev1Sa.open(datagram, h, sa.phase2Ivs.get(messageId), sa.keys);
        Payloads p = opened.payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.QUICK_MODE_3, p);
        if (problem != null) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, problem);
        }
        byte[] expected = Ikev1Hashes.quickModeHash3(sa.keys.prf(), sa.keys.skeyidA(), messageId, niB, nrB);
        if (!Phase1Support.hashEquals((HashPayload) p.get(0), expected)) {
            throw ExchangeFailure.drop(DropReason.HASH_MISMATCH, "Quick Mode HASH(3) does not verify");
        }
        ChildSaKeys keys = childKeys(sa, choice.proposal(), ourSpi, choice.peerSpi(), niB, nrB, gqmxy, udp,
                lifetimeSeconds, lifetimeKilobytes);
        ChildSaInfo info = new ChildSaInfo(sa.serial, sa.peer, sa.identity, ourSpi, choice.peerSpi(),
                Optional.ofNullable(peerTrafficAddress), udp, sa.local().address());
        engine.installChild(now, sa, info, keys);
        finished = true;
        finishedAt = now;
        sa.phase2Ivs.remove(messageId);
        if (commit) {
            sendConnected(now);
        }
    }

    /**
     * The initiator set the commit bit: tell it the SAs are in place (RFC 2408 §4.8). Sent as an ordinary
     * Informational exchange (fresh M-ID and IV), which every receiver can decrypt.
     */
    private void sendConnected(long now) {
        engine.trace().step(label(), "commit bit set: sending CONNECTED");
        Informational.send(engine, sa, now, List.of(new NotifyPayload(SaPayload.DOI_IPSEC,
                SaPayload.Proposal.PROTO_IPSEC_ESP, Ikev1Proposals.spiOctets(ourSpi), NotifyType.CONNECTED,
                Octets.empty())));
    }

    /**
     * KEYMAT for both directions (RFC 2409 §5.5): encryption key first, then the integrity key; each
     * direction keyed by the SPI of the SA that receives it.
     */
    static ChildSaKeys childKeys(Ikev1Sa sa, Phase2Proposal proposal, int inboundSpi, int outboundSpi, byte[] niB,
            byte[] nrB, byte[] gqmxy, boolean udp, long lifetimeSeconds, long lifetimeKilobytes) {
        int encLength = proposal.cipher().keyLength();
        int length = encLength + proposal.integrity().keyLength();
        byte[] in = Ikev1KeyDerivation.keymat(sa.keys.prf(), sa.keys.skeyidD(), gqmxy, SaPayload.Proposal.PROTO_IPSEC_ESP,
                Ikev1Proposals.spiOctets(inboundSpi).toByteArray(), niB, nrB, length);
        byte[] out = Ikev1KeyDerivation.keymat(sa.keys.prf(), sa.keys.skeyidD(), gqmxy, SaPayload.Proposal.PROTO_IPSEC_ESP,
                Ikev1Proposals.spiOctets(outboundSpi).toByteArray(), niB, nrB, length);
        byte[][] parts = {Arrays.copyOf(in, encLength), Arrays.copyOfRange(in, encLength, length),
            Arrays.copyOf(out, encLength), Arrays.copyOfRange(out, encLength, length)};
        try {
            return new ChildSaKeys(inboundSpi, outboundSpi, proposal.cipher(), proposal.integrity(), parts[0], parts[1],
                    parts[2], parts[3], ChildSaKeys.Mode.TRANSPORT, udp, lifetimeSeconds, lifetimeKilobytes);
        } finally {
            // ChildSaKeys keeps copies: the temporaries go.
            Arrays.fill(in, (byte) 0);
            Arrays.fill(out, (byte) 0);
            for (byte[] part : parts) {
                Arrays.fill(part, (byte) 0);
            }
        }
    }
}
