package org.certvpn.ike.v1;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.crypto.Ikev1Hashes;
import org.certvpn.crypto.Ikev1KeyDerivation;
import org.certvpn.crypto.Prf;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Identities;
import org.certvpn.ike.PreSharedKeys;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.HashPayload;
import org.certvpn.ike.wire.IdPayload;
import org.certvpn.ike.wire.IkeAttribute;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.IsakmpMessage;
import org.certvpn.ike.wire.KeyExchangePayload;
import org.certvpn.ike.wire.NatDPayload;
import org.certvpn.ike.wire.NoncePayload;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.PayloadCodec;
import org.certvpn.ike.wire.Payloads;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.ike.wire.VendorIdPayload;

/**
 * Aggressive Mode with a pre-shared key, responder side (RFC 2409 §5), for Android's "IPSec identifier"
 * profiles; only when the settings enable it, since message 2 lets an eavesdropper test PSK guesses offline.
 *
 * <pre>
 *   HDR, SA, KE, Ni, IDii, VID*       -->
 *                                     <--  HDR, SA, KE, Nr, IDir, NAT-D, NAT-D, HASH_R, VID*
 *   HDR[*], HASH_I, NAT-D, NAT-D      -->
 * </pre>
 * The key is looked up by the identity the peer sends in message 1, then by address, then %any.
 */
final class AggressiveModeResponder implements Phase1Exchange {
    private final Ikev1Engine engine;
    private final Ikev1Sa sa;
    private byte[] idiiB;
    private String via;
    private byte[] peerViewOfUs;

    AggressiveModeResponder(Ikev1Engine engine, Ikev1Sa sa) {
        this.engine = engine;
        this.sa = sa;
    }

    void start(long now, IsakmpMessage am1) throws ExchangeFailure {
        Payloads p = am1.payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.AGGRESSIVE_1, p);
        if (problem != null) {
            throw new ExchangeFailure(DropReason.MALFORMED, NotifyType.PAYLOAD_MALFORMED, problem);
        }
        int saIndex = p.indexOf(SaPayload.class);
        engine.trace().progress(sa.label(), "Aggressive Mode from " + sa.peer);
        engine.listener().negotiationStarted(sa.peer);
        Ikev1Proposals.Phase1Choice choice = Ikev1Proposals.selectPhase1((SaPayload) p.get(saIndex),
                engine.settings().algorithms(), Set.of(IkeAttribute.AUTH_PRE_SHARED_KEY));
        sa.proposal = choice.proposal();
        sa.saiB = p.body(saIndex);
        Phase1Support.readVendorIds(engine, sa, p.all(VendorIdPayload.class));
        engine.trace().progress(sa.label(), "proposal chosen: " + sa.proposal.describe());

        int idIndex = p.indexOf(IdPayload.class);
        IdPayload id = (IdPayload) p.get(idIndex);
        idiiB = p.body(idIndex);
        String idText = Identities.text(id.idType(), id.data().toByteArray());
        engine.trace().progress(sa.label(), "peer ID " + Identities.typeName(id.idType()) + " " + idText);
        PreSharedKeys.Entry psk = engine.settings().preSharedKeys().lookup(idText, sa.peer.address());
        if (psk == null) {
            throw ExchangeFailure.refused(Phase1Refusal.NO_SHARED_KEY, "no pre-shared key for ID " + idText
                    + " or address " + sa.peer.address().getHostAddress());
        }
        via = psk.describe();
        sa.peerId = id;
        sa.identity = PeerIdentity.preSharedKey(idText);
        sa.authenticatedAs = Identities.typeName(id.idType()) + " " + idText + " (" + via + ")";

        KeyExchangePayload ke = p.first(KeyExchangePayload.class).orElseThrow();
        sa.ni = Phase1Support.checkedNonce(p.first(NoncePayload.class).orElseThrow(), "Ni");
        sa.gxi = ke.data().toByteArray();
        sa.gxy = Phase1Support.agree(engine, sa, ke);
        sa.gxr = sa.dh.publicValue();
        sa.nr = engine.randomBytes(engine.settings().nonceLength());
        Prf prf = Prf.hmac(sa.proposal.hash());
        byte[] skeyid = Ikev1KeyDerivation.skeyidPreSharedKey(prf, psk.secret(), sa.ni, sa.nr);
        sa.keys = Phase1Keys.derive(prf, sa.proposal.cipher(), skeyid, sa.gxy, sa.ckyI, sa.ckyR);
        sa.phase1Iv = Ikev1KeyDerivation.phase1Iv(sa.proposal.hash(), sa.gxi, sa.gxr, sa.proposal.cipher().blockSize());

        IdPayload ourId = Phase1Support.ourId(sa, engine.settings());
        byte[] hashR = Ikev1Hashes.hashR(prf, skeyid, sa.gxr, sa.gxi, Ikev1KeyDerivation.cookie(sa.ckyR),
                Ikev1KeyDerivation.cookie(sa.ckyI), sa.saiB, PayloadCodec.encodeBody(ourId));
        List<Payload> reply = new ArrayList<>();
        reply.add(choice.reply());
        reply.add(new KeyExchangePayload(Octets.of(sa.gxr)));
        reply.add(new NoncePayload(Octets.of(sa.nr)));
        reply.add(ourId);
        if (sa.natt != null) {
            boolean force = engine.settings().forceEncapsulation();
            sa.encapsulationForced = force;
            reply.addAll(Phase1Support.natDPayloads(engine, sa, false, force, null));
        }
        reply.add(new HashPayload(Octets.of(hashR)));
        reply.addAll(Phase1Support.responderVendorIds(engine, sa));
        engine.reply(sa, sa.plain(ExchangeType.AGGRESSIVE, 0, reply));
    }

    @Override
    public void process(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        if (sa.state != Ikev1SaState.AM_R2_SENT) {
            throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "Aggressive Mode message in state " + sa.state);
        }
        Payloads p;
        if (h.encrypted()) {
            Ikev1Sa.Opened opened = Ikev1Sa.open(datagram, h, sa.phase1Iv, sa.keys);
            p = opened.payloads();
            sa.phase1LastBlock = opened.lastBlock();
        } else {
            p = IsakmpMessage.decode(datagram).payloads();
            // Without an encrypted Phase 1 message the Phase 1 IV is the last CBC state.
            sa.phase1LastBlock = sa.phase1Iv;
        }
        String problem = engine.inbound(sa, PayloadRules.Message.AGGRESSIVE_3, p);
        if (problem != null) {
            throw new ExchangeFailure(DropReason.MALFORMED, null, problem);
        }
        byte[] hashI = Ikev1Hashes.hashI(sa.keys.prf(), sa.keys.skeyid(), sa.gxi, sa.gxr,
                Ikev1KeyDerivation.cookie(sa.ckyI), Ikev1KeyDerivation.cookie(sa.ckyR), sa.saiB, idiiB);
        if (!Phase1Support.hashEquals(p.first(HashPayload.class).orElseThrow(), hashI)) {
            // A peer that got this far verified our HASH_R, so it holds our keys and can read the refusal.
            throw ExchangeFailure.refused(Phase1Refusal.PROOF,
                    "authentication failed: HASH_I does not verify with the " + via + " (wrong pre-shared key?)");
        }
        List<NatDPayload> natD = p.all(NatDPayload.class);
        if (!natD.isEmpty()) {
            peerViewOfUs = natD.getFirst().hash().toByteArray();
        }
        Phase1Support.detectNat(engine, sa, natD);
        engine.trace().progress(sa.label(), "peer authenticated by " + via);
        engine.established(now, sa, Phase1Support.initialContact(p));
    }

    byte[] peerViewOfUs() {
        return peerViewOfUs;
    }
}
