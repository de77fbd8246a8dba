package org.certvpn.ike.v1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.crypto.Ikev1Hashes;
import org.certvpn.crypto.Ikev1KeyDerivation;
import org.certvpn.crypto.Prf;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.Identities;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.HashPayload;
import org.certvpn.ike.wire.IdPayload;
import org.certvpn.ike.wire.IkeAttribute;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.IsakmpMessage;
import org.certvpn.ike.wire.KeyExchangePayload;
import org.certvpn.ike.wire.NatDPayload;
import org.certvpn.ike.wire.NoncePayload;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.PayloadCodec;
import org.certvpn.ike.wire.Payloads;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.ike.wire.VendorIdPayload;

/**
 * Aggressive Mode with a pre-shared key, initiator side, as Android sends it when an "IPSec identifier" is
 * set: the mirror of {@link AggressiveModeResponder}. Message 3 goes encrypted (on 4500 behind NAT).
 */
final class AggressiveModeInitiator implements Phase1Exchange {
    private final Ikev1Engine engine;
    private final Ikev1Sa sa;
    private final Ikev1Initiation init;
    private final List<Phase1Proposal> offers = new ArrayList<>();
    private IdPayload ourId;

    AggressiveModeInitiator(Ikev1Engine engine, Ikev1Sa sa) {
        this.engine = engine;
        this.sa = sa;
        this.init = sa.initiation;
        // Message 1 carries the KE, so every transform must name the same group.
        var group = init.ikeOffers().getFirst().group();
        for (Ikev1Initiation.IkeOffer o : init.ikeOffers()) {
            if (o.group() == group) {
                offers.add(new Phase1Proposal(o.cipher(), o.hash(), o.group(), IkeAttribute.AUTH_PRE_SHARED_KEY,
                        init.ikeLifetime().toSeconds(), 0));
            }
        }
    }

    /** Android's rule: '.' and '@' make a user FQDN, '.' an FQDN, anything else a key ID. */
    static IdPayload identifier(String id) {
        int type = id.contains(".") ? (id.contains("@") ? IdPayload.ID_USER_FQDN : IdPayload.ID_FQDN) : IdPayload.ID_KEY_ID;
        return new IdPayload(type, 0, 0, Octets.of(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    void start(long now) {
        SaPayload offer = Ikev1Proposals.phase1Offer(offers);
        sa.saiB = PayloadCodec.encodeBody(offer);
        sa.proposal = offers.getFirst();
        sa.dh = engine.dhKeys().generate(sa.proposal.group());
        sa.gxi = sa.dh.publicValue();
        sa.ni = engine.randomBytes(engine.settings().nonceLength());
        ourId = identifier(init.identifier().orElseThrow());
        List<Payload> am1 = new ArrayList<>();
        am1.add(offer);
        am1.add(new KeyExchangePayload(Octets.of(sa.gxi)));
        am1.add(new NoncePayload(Octets.of(sa.ni)));
        am1.add(ourId);
        am1.add(VendorId.NAT_T_RFC3947.payload());
        am1.add(VendorId.DPD.payload());
        engine.trace().step(sa.label(), "initiating Aggressive Mode to " + sa.peer + " as "
                + init.identifier().get().toLowerCase(Locale.ROOT));
        engine.request(sa, now, sa.plain(ExchangeType.AGGRESSIVE, 0, am1));
    }

    @Override
    public void process(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        if (sa.state != Ikev1SaState.AM_I1_SENT || h.encrypted()) {
            throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "Aggressive Mode message in state " + sa.state);
        }
        Payloads p = IsakmpMessage.decode(datagram).payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.AGGRESSIVE_2, p);
        if (problem != null) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, problem);
        }
        sa.proposal = Ikev1Proposals.acceptPhase1Reply(p.first(SaPayload.class).orElseThrow(), offers);
        Phase1Support.readVendorIds(engine, sa, p.all(VendorIdPayload.class));
        KeyExchangePayload ke = p.first(KeyExchangePayload.class).orElseThrow();
        sa.gxr = ke.data().toByteArray();
        sa.gxy = Phase1Support.agree(engine, sa, ke);
        sa.nr = Phase1Support.checkedNonce(p.first(NoncePayload.class).orElseThrow(), "Nr");
        Prf prf = Prf.hmac(sa.proposal.hash());
        byte[] skeyid = Ikev1KeyDerivation.skeyidPreSharedKey(prf, init.psk().orElseThrow(), sa.ni, sa.nr);
        sa.keys = Phase1Keys.derive(prf, sa.proposal.cipher(), skeyid, sa.gxy, sa.ckyI, sa.ckyR);
        sa.phase1Iv = Ikev1KeyDerivation.phase1Iv(sa.proposal.hash(), sa.gxi, sa.gxr, sa.proposal.cipher().blockSize());
        int idIndex = p.indexOf(IdPayload.class);
        IdPayload id = (IdPayload) p.get(idIndex);
        byte[] ci = Ikev1KeyDerivation.cookie(sa.ckyI);
        byte[] cr = Ikev1KeyDerivation.cookie(sa.ckyR);
        byte[] hashR = Ikev1Hashes.hashR(prf, skeyid, sa.gxr, sa.gxi, cr, ci, sa.saiB, p.body(idIndex));
        HashPayload got = p.first(HashPayload.class).orElseThrow(() -> new ExchangeFailure(
                DropReason.AUTHENTICATION_FAILED, null, "responder sent no HASH_R"));
        if (!Phase1Support.hashEquals(got, hashR)) {
            throw new ExchangeFailure(DropReason.AUTHENTICATION_FAILED, null, "HASH_R does not verify");
        }
        String idText = Identities.text(id.idType(), id.data().toByteArray());
        sa.peerId = id;
        sa.identity = PeerIdentity.preSharedKey(idText);
        sa.authenticatedAs = Identities.typeName(id.idType()) + " " + idText + " (pre-shared key)";
        Phase1Support.detectNat(engine, sa, p.all(NatDPayload.class));
        if (sa.natTraversalActive()) {
            sa.localPort = NatTraversal.NAT_T_PORT;
            sa.peer = Phase1Support.floated(sa.peer);
        }
        byte[] hashI = Ikev1Hashes.hashI(prf, skeyid, sa.gxi, sa.gxr, ci, cr, sa.saiB, PayloadCodec.encodeBody(ourId));
        List<Payload> am3 = new ArrayList<>();
        am3.add(new HashPayload(Octets.of(hashI)));
        if (sa.natt != null) {
            am3.addAll(Phase1Support.natDPayloads(engine, sa, init.forceEncapsulation(), false, null));
        }
        byte[] message = sa.seal(ExchangeType.AGGRESSIVE, 0, 0, am3, sa.phase1Iv);
        sa.phase1LastBlock = Ikev1Sa.lastBlock(message, sa.blockSize());
        engine.send(sa, message);
        engine.established(now, sa, false);
        if (!init.espOffers().isEmpty()) {
            QuickModeInitiator.start(engine, sa, now);
        }
    }
}
