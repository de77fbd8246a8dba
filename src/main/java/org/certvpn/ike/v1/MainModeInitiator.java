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
import org.certvpn.ike.wire.CertEncoding;
import org.certvpn.ike.wire.CertRequestPayload;
import org.certvpn.ike.wire.ExchangeType;
import org.certvpn.ike.wire.HashPayload;
import org.certvpn.ike.wire.IdPayload;
import org.certvpn.ike.wire.IkeAttribute;
import org.certvpn.ike.wire.IsakmpHeader;
import org.certvpn.ike.wire.IsakmpMessage;
import org.certvpn.ike.wire.KeyExchangePayload;
import org.certvpn.ike.wire.NatDPayload;
import org.certvpn.ike.wire.NoncePayload;
import org.certvpn.ike.wire.NotifyPayload;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.Payload;
import org.certvpn.ike.wire.PayloadCodec;
import org.certvpn.ike.wire.Payloads;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.ike.wire.VendorIdPayload;

/**
 * Main Mode, initiator side: the mirror of {@link MainModeResponder}, used by the in-memory tests and the
 * load generator. Floats to port 4500 for message 5 when NAT is detected or encapsulation is forced.
 */
final class MainModeInitiator implements Phase1Exchange {
    private final Ikev1Engine engine;
    private final Ikev1Sa sa;
    private final Ikev1Initiation init;
    private final List<Phase1Proposal> offers = new ArrayList<>();

    MainModeInitiator(Ikev1Engine engine, Ikev1Sa sa) {
        this.engine = engine;
        this.sa = sa;
        this.init = sa.initiation;
        int auth = init.psk().isPresent() ? IkeAttribute.AUTH_PRE_SHARED_KEY : IkeAttribute.AUTH_RSA_SIGNATURES;
        for (Ikev1Initiation.IkeOffer o : init.ikeOffers()) {
            offers.add(new Phase1Proposal(o.cipher(), o.hash(), o.group(), auth, init.ikeLifetime().toSeconds(), 0));
        }
    }

    void start(long now) {
        SaPayload offer = Ikev1Proposals.phase1Offer(offers);
        sa.saiB = PayloadCodec.encodeBody(offer);
        List<Payload> mm1 = new ArrayList<>();
        mm1.add(offer);
        mm1.add(VendorId.NAT_T_RFC3947.payload());
        mm1.add(VendorId.NAT_T_DRAFT_02N.payload());
        mm1.add(VendorId.DPD.payload());
        if (init.fragmentation()) {
            mm1.add(new VendorIdPayload(VendorId.FRAGMENTATION_WITH_CAPABILITY));
        }
        engine.trace().step(sa.label(), "initiating Main Mode to " + sa.peer);
        engine.request(sa, now, sa.plain(ExchangeType.IDENTITY_PROTECTION, 0, mm1));
    }

    @Override
    public void process(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        switch (sa.state) {
            case MM_I1_SENT -> message2(now, h, datagram);
            case MM_I3_SENT -> message4(now, h, datagram);
            case MM_I5_SENT -> message6(now, h, datagram);
            default -> throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "Main Mode message in state " + sa.state);
        }
    }

    private void message2(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        Payloads p = IsakmpMessage.decode(datagram).payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.MAIN_MODE_2, p);
        if (problem != null) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, problem);
        }
        sa.proposal = Ikev1Proposals.acceptPhase1Reply(p.first(SaPayload.class).orElseThrow(), offers);
        Phase1Support.readVendorIds(engine, sa, p.all(VendorIdPayload.class));
        engine.trace().step(sa.label(), "responder chose " + sa.proposal.describe());
        sa.dh = engine.dhKeys().generate(sa.proposal.group());
        sa.gxi = sa.dh.publicValue();
        sa.ni = engine.randomBytes(engine.settings().nonceLength());
        List<Payload> mm3 = new ArrayList<>();
        mm3.add(new KeyExchangePayload(Octets.of(sa.gxi)));
        mm3.add(new NoncePayload(Octets.of(sa.ni)));
        if (!sa.proposal.psk()) {
            mm3.add(new CertRequestPayload(CertEncoding.X509_SIGNATURE, Octets.empty()));
        }
        if (sa.natt != null) {
            sa.encapsulationForced = init.forceEncapsulation();
            mm3.addAll(Phase1Support.natDPayloads(engine, sa, init.forceEncapsulation(), false, null));
        }
        engine.transition(sa, Ikev1SaState.MM_I3_SENT, "key exchange");
        engine.request(sa, now, sa.plain(ExchangeType.IDENTITY_PROTECTION, 0, mm3));
    }

    private void message4(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        Payloads p = IsakmpMessage.decode(datagram).payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.MAIN_MODE_4, p);
        if (problem != null) {
            throw ExchangeFailure.drop(DropReason.MALFORMED, problem);
        }
        KeyExchangePayload ke = p.first(KeyExchangePayload.class).orElseThrow();
        sa.nr = Phase1Support.checkedNonce(p.first(NoncePayload.class).orElseThrow(), "Nr");
        sa.gxr = ke.data().toByteArray();
        sa.gxy = Phase1Support.agree(engine, sa, ke);
        Phase1Support.detectNat(engine, sa, p.all(NatDPayload.class));
        Prf prf = Prf.hmac(sa.proposal.hash());
        byte[] skeyid = sa.proposal.psk()
                ? Ikev1KeyDerivation.skeyidPreSharedKey(prf, init.psk().orElseThrow(), sa.ni, sa.nr)
                : Ikev1KeyDerivation.skeyidSignature(prf, sa.ni, sa.nr, sa.gxy);
        sa.keys = Phase1Keys.derive(prf, sa.proposal.cipher(), skeyid, sa.gxy, sa.ckyI, sa.ckyR);
        sa.phase1Iv = Ikev1KeyDerivation.phase1Iv(sa.proposal.hash(), sa.gxi, sa.gxr, sa.proposal.cipher().blockSize());
        if (sa.natTraversalActive()) {
            sa.localPort = NatTraversal.NAT_T_PORT;
            sa.peer = Phase1Support.floated(sa.peer);
            engine.trace().step(sa.label(), "floating to port 4500");
        }
        IdPayload ourId = Phase1Support.ourId(sa, engine.settings());
        byte[] hashI = Ikev1Hashes.hashI(prf, skeyid, sa.gxi, sa.gxr, Ikev1KeyDerivation.cookie(sa.ckyI),
                Ikev1KeyDerivation.cookie(sa.ckyR), sa.saiB, PayloadCodec.encodeBody(ourId));
        List<Payload> mm5 = new ArrayList<>();
        mm5.add(ourId);
        mm5.addAll(Phase1Support.proof(sa, engine.settings(), hashI));
        if (init.initialContact()) {
            mm5.add(new NotifyPayload(SaPayload.DOI_IPSEC, SaPayload.Proposal.PROTO_ISAKMP,
                    Octets.of(Informational.cookies(sa)), NotifyType.INITIAL_CONTACT, Octets.empty()));
        }
        byte[] message = sa.seal(ExchangeType.IDENTITY_PROTECTION, 0, 0, mm5, sa.phase1Iv);
        sa.phase1Iv = Ikev1Sa.lastBlock(message, sa.blockSize());
        engine.transition(sa, Ikev1SaState.MM_I5_SENT, "authentication");
        engine.request(sa, now, message);
    }

    private void message6(long now, IsakmpHeader h, byte[] datagram) throws ExchangeFailure, MalformedPacketException {
        if (!h.encrypted()) {
            throw ExchangeFailure.drop(DropReason.UNEXPECTED_MESSAGE, "Main Mode message 6 must be encrypted");
        }
        Ikev1Sa.Opened opened = Ikev1Sa.open(datagram, h, sa.phase1Iv, sa.keys);
        Payloads p = opened.payloads();
        String problem = engine.inbound(sa, PayloadRules.Message.MAIN_MODE_6, p);
        if (problem != null) {
            throw new ExchangeFailure(DropReason.MALFORMED, null, problem);
        }
        int idIndex = p.indexOf(IdPayload.class);
        IdPayload id = (IdPayload) p.get(idIndex);
        byte[] hashR = Ikev1Hashes.hashR(sa.keys.prf(), sa.keys.skeyid(), sa.gxr, sa.gxi,
                Ikev1KeyDerivation.cookie(sa.ckyR), Ikev1KeyDerivation.cookie(sa.ckyI), sa.saiB, p.body(idIndex));
        if (sa.proposal.psk()) {
            HashPayload hash = p.first(HashPayload.class).orElseThrow(() -> new ExchangeFailure(
                    DropReason.AUTHENTICATION_FAILED, null, "responder sent no HASH_R"));
            if (!Phase1Support.hashEquals(hash, hashR)) {
                throw new ExchangeFailure(DropReason.AUTHENTICATION_FAILED, null, "HASH_R does not verify");
            }
            String idText = Identities.text(id.idType(), id.data().toByteArray());
            sa.peerId = id;
            sa.identity = PeerIdentity.preSharedKey(idText);
            sa.authenticatedAs = Identities.typeName(id.idType()) + " " + idText + " (pre-shared key)";
        } else {
            Phase1Support.verifySignature(engine, sa, p, id, hashR);
        }
        sa.phase1LastBlock = opened.lastBlock();
        sa.lastResponse = List.of();
        engine.established(now, sa, false);
        if (!init.espOffers().isEmpty()) {
            QuickModeInitiator.start(engine, sa, now);
        }
    }
}
