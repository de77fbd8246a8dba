package org.certvpn.ike.v1;

import java.util.ArrayList;
import java.util.List;
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
 * Main Mode, responder side (RFC 2409 §5):
 *
 * <pre>
 *   HDR, SA, VID*                     -->
 *                                     <--  HDR, SA, VID*                       (chosen transform, NAT-T/DPD/FRAG)
 *   HDR, KE, Ni, NAT-D, NAT-D         -->
 *                                     <--  HDR, KE, Nr, [CERTREQ], NAT-D, NAT-D
 *   HDR*, IDii, [CERT], SIG_I|HASH_I  -->                                      (on 4500 after the NAT-T float)
 *                                     <--  HDR*, IDir, [CERT], SIG_R|HASH_R
 * </pre>
 *
 * With a pre-shared key, message 5 is the first place the key matters and the identity is still hidden,
 * so each candidate key (by address, by identity, %any) is tried until one decrypts message 5 to a valid
 * HASH_I.
 */
final class MainModeResponder implements Phase1Exchange {
    private final Ikev1Engine engine;
    private final Ikev1Sa sa;
    private byte[] peerViewOfUs;

    MainModeResponder(Ikev1Engine engine, Ikev1Sa sa) {
        this.engine = engine;
        this.sa = sa;
    }

    void start(long now, IsakmpMessage mm1) throws ExchangeFailure {
        Payloads p = mm1.payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.MAIN_MODE_1, p);
        if (problem != null) {
            throw new ExchangeFailure(DropReason.MALFORMED, NotifyType.PAYLOAD_MALFORMED, problem);
        }
        int saIndex = p.indexOf(SaPayload.class);
        SaPayload offered = (SaPayload) p.get(saIndex);
        engine.trace().progress(sa.label(), "Main Mode from " + sa.peer + String.format(", cookie %016x", sa.ckyI));
        engine.listener().negotiationStarted(sa.peer);
        Ikev1Proposals.Phase1Choice choice = Ikev1Proposals.selectPhase1(offered, engine.settings().algorithms(),
                Phase1Support.authMethods(engine.settings()));
        sa.proposal = choice.proposal();
        sa.saiB = p.body(saIndex);
        Phase1Support.readVendorIds(engine, sa, p.all(VendorIdPayload.class));
        engine.trace().progress(sa.label(), "proposal chosen: " + sa.proposal.describe()
                + (sa.proposal.lifetimeSeconds() > 0 ? ", lifetime " + sa.proposal.lifetimeSeconds() + " s" : "")
                + (sa.natt != null ? ", NAT-T " + sa.natt : "") + (sa.peerDpd ? ", DPD" : "")
                + (sa.peerFragmentation ? ", fragmentation" : ""));
        List<Payload> reply = new ArrayList<>();
        reply.add(choice.reply());
        reply.addAll(Phase1Support.responderVendorIds(engine, sa));
        engine.reply(sa, sa.plain(ExchangeType.IDENTITY_PROTECTION, 0, reply));
    }

    @Override
    public void process(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        switch (sa.state) {
            case MM_R2_SENT -> message3(now, h, datagram);
            case MM_R4_SENT -> message5(now, h, datagram);
            default -> throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "Main Mode message in state " + sa.state);
        }
    }

    private void message3(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        if (h.encrypted()) {
            throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "encrypted message where Main Mode message 3 belongs");
        }
        Payloads p = IsakmpMessage.decode(datagram).payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.MAIN_MODE_3, p);
        if (problem != null) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, problem);
        }
        KeyExchangePayload ke = p.first(KeyExchangePayload.class).orElseThrow();
        sa.ni = Phase1Support.checkedNonce(p.first(NoncePayload.class).orElseThrow(), "Ni");
        sa.gxi = ke.data().toByteArray();
        sa.gxy = Phase1Support.agree(engine, sa, ke);
        sa.gxr = sa.dh.publicValue();
        sa.nr = engine.randomBytes(engine.settings().nonceLength());
        List<NatDPayload> natD = p.all(NatDPayload.class);
        if (!natD.isEmpty()) {
            peerViewOfUs = natD.getFirst().hash().toByteArray();
        }
        Phase1Support.detectNat(engine, sa, natD);

        List<Payload> reply = new ArrayList<>();
        reply.add(new KeyExchangePayload(Octets.of(sa.gxr)));
        reply.add(new NoncePayload(Octets.of(sa.nr)));
        if (!sa.proposal.psk()) {
            reply.addAll(Phase1Support.certificateRequests(engine.settings()));
        }
        if (sa.natt != null && natD.size() >= 2) {
            boolean force = engine.settings().forceEncapsulation();
            if (force) {
                sa.encapsulationForced = true;
                engine.trace().step(sa.label(), "forcing UDP encapsulation: telling the peer it is behind NAT");
            }
            reply.addAll(Phase1Support.natDPayloads(engine, sa, false, force, peerViewOfUs));
        }
        sa.phase1Iv = Ikev1KeyDerivation.phase1Iv(sa.proposal.hash(), sa.gxi, sa.gxr, sa.proposal.cipher().blockSize());
        if (!sa.proposal.psk()) {
            Prf prf = Prf.hmac(sa.proposal.hash());
            sa.keys = Phase1Keys.derive(prf, sa.proposal.cipher(),
                    Ikev1KeyDerivation.skeyidSignature(prf, sa.ni, sa.nr, sa.gxy), sa.gxy, sa.ckyI, sa.ckyR);
        }
        engine.transition(sa, Ikev1SaState.MM_R4_SENT, "key exchange");
        engine.reply(sa, sa.plain(ExchangeType.IDENTITY_PROTECTION, 0, reply));
    }

    private record Verified(Ikev1Sa.Opened opened, Phase1Keys keys, IdPayload id, byte[] idB, String via) {}

    private void message5(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        if (!h.encrypted()) {
            throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "Main Mode message 5 must be encrypted");
        }
        Verified v = sa.proposal.psk() ? trialDecrypt(h, datagram) : decryptForSignature(h, datagram);
        Payloads p = v.opened().payloads();
        sa.keys = v.keys();
        // The last Phase 1 CBC block so far, as the initiator's chain holds it: a refusal from here on goes
        // out encrypted with an IV derived from it (RFC 2409 Appendix B).
        sa.phase1LastBlock = v.opened().lastBlock();
        byte[] ci = Ikev1KeyDerivation.cookie(sa.ckyI);
        byte[] cr = Ikev1KeyDerivation.cookie(sa.ckyR);
        byte[] hashI = Ikev1Hashes.hashI(sa.keys.prf(), sa.keys.skeyid(), sa.gxi, sa.gxr, ci, cr, sa.saiB, v.idB());
        if (sa.proposal.psk()) {
            engine.inbound(sa, PayloadRules.Message.MAIN_MODE_5, p);
            sa.peerId = v.id();
            String idText = Identities.text(v.id().idType(), v.id().data().toByteArray());
            sa.identity = PeerIdentity.preSharedKey(idText);
            sa.authenticatedAs = Identities.typeName(v.id().idType()) + " " + idText + " (" + v.via() + ")";
            engine.trace().progress(sa.label(), "peer ID " + Identities.typeName(v.id().idType()) + " " + idText);
            engine.trace().progress(sa.label(), "peer authenticated by " + v.via());
        } else {
            Phase1Support.verifySignature(engine, sa, p, v.id(), hashI);
        }
        sa.phase1Iv = v.opened().lastBlock();
        boolean initialContact = Phase1Support.initialContact(p);

        IdPayload ourId = Phase1Support.ourId(sa, engine.settings());
        byte[] hashR = Ikev1Hashes.hashR(sa.keys.prf(), sa.keys.skeyid(), sa.gxr, sa.gxi, cr, ci, sa.saiB,
                PayloadCodec.encodeBody(ourId));
        List<Payload> reply = new ArrayList<>();
        reply.add(ourId);
        reply.addAll(Phase1Support.proof(sa, engine.settings(), hashR));
        byte[] mm6 = sa.seal(ExchangeType.IDENTITY_PROTECTION, 0, 0, reply, sa.phase1Iv);
        sa.phase1LastBlock = Ikev1Sa.lastBlock(mm6, sa.blockSize());
        engine.reply(sa, mm6);
        engine.established(now, sa, initialContact);
    }

    private Verified decryptForSignature(IsakmpHeader h, byte[] datagram) throws ExchangeFailure {
        Ikev1Sa.Opened opened;
        try {
            opened = Ikev1Sa.open(datagram, h, sa.phase1Iv, sa.keys);
        } catch (MalformedPacketException e) {
            throw ExchangeFailure.drop(DropReason.DECRYPTION_FAILED, "Main Mode message 5 does not decrypt: " + e.getMessage());
        }
        String problem = engine.inbound(sa, PayloadRules.Message.MAIN_MODE_5, opened.payloads());
        if (problem != null) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, problem);
        }
        int idIndex = opened.payloads().indexOf(IdPayload.class);
        IdPayload id = (IdPayload) opened.payloads().get(idIndex);
        return new Verified(opened, sa.keys, id, opened.payloads().body(idIndex), "signature");
    }

    /** Tries each candidate pre-shared key until one yields a message 5 whose HASH_I verifies. */
    private Verified trialDecrypt(IsakmpHeader h, byte[] datagram) throws ExchangeFailure {
        List<PreSharedKeys.Entry> candidates = engine.settings().preSharedKeys().candidates(sa.peer.address());
        if (candidates.isEmpty()) {
            throw ExchangeFailure.refused(Phase1Refusal.NO_SHARED_KEY,
                    "no pre-shared key for peer " + sa.peer.address().getHostAddress());
        }
        Prf prf = Prf.hmac(sa.proposal.hash());
        byte[] ci = Ikev1KeyDerivation.cookie(sa.ckyI);
        byte[] cr = Ikev1KeyDerivation.cookie(sa.ckyR);
        int tried = 0;
        String idMismatch = null;
        Phase1Keys mismatchKeys = null;
        byte[] mismatchLastBlock = null;
        for (PreSharedKeys.Entry candidate : candidates) {
            if (tried++ == Phase1Support.MAX_PSK_CANDIDATES) {
                break;
            }
            byte[] skeyid = Ikev1KeyDerivation.skeyidPreSharedKey(prf, candidate.secret(), sa.ni, sa.nr);
            Phase1Keys keys = Phase1Keys.derive(prf, sa.proposal.cipher(), skeyid, sa.gxy, sa.ckyI, sa.ckyR);
            Ikev1Sa.Opened opened;
            try {
                opened = Ikev1Sa.open(datagram, h, sa.phase1Iv, keys);
            } catch (MalformedPacketException wrongKey) {
                continue;
            }
            if (PayloadRules.check(PayloadRules.Message.MAIN_MODE_5, opened.payloads()) != null) {
                continue;
            }
            int idIndex = opened.payloads().indexOf(IdPayload.class);
            byte[] idB = opened.payloads().body(idIndex);
            HashPayload hash = opened.payloads().first(HashPayload.class).orElse(null);
            if (hash == null) {
                continue;
            }
            byte[] expected = Ikev1Hashes.hashI(prf, skeyid, sa.gxi, sa.gxr, ci, cr, sa.saiB, idB);
            if (!Phase1Support.hashEquals(hash, expected)) {
                continue;
            }
            IdPayload id = (IdPayload) opened.payloads().get(idIndex);
            String idText = Identities.text(id.idType(), id.data().toByteArray());
            if (candidate.selector() == PreSharedKeys.Selector.IDENTITY && !candidate.match().equalsIgnoreCase(idText)) {
                idMismatch = "peer ID " + idText + " authenticated with the " + candidate.describe();
                mismatchKeys = keys;
                mismatchLastBlock = opened.lastBlock();
                continue;
            }
            return new Verified(opened, keys, id, idB, candidate.describe());
        }
        if (idMismatch != null) {
            // The peer proved it holds that key, so it can read the refusal under the keys it yields.
            sa.keys = mismatchKeys;
            sa.phase1LastBlock = mismatchLastBlock;
            throw ExchangeFailure.refused(Phase1Refusal.ID_NOT_ACCEPTED,
                    "authentication failed: " + idMismatch + ", which belongs to another identity");
        }
        throw ExchangeFailure.refused(Phase1Refusal.NO_SHARED_KEY, "authentication failed: none of "
                + Math.min(candidates.size(), Phase1Support.MAX_PSK_CANDIDATES) + " pre-shared key(s) for "
                + sa.peer.address().getHostAddress()
                + " decrypts Main Mode message 5 to a valid HASH_I (wrong pre-shared key?)");
    }
}
