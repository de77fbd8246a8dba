package org.certvpn.ike.v1;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ike.AlgorithmPolicy;
import org.certvpn.ike.DropReason;
import org.certvpn.ike.wire.Attribute;
import org.certvpn.ike.wire.IkeAttribute;
import org.certvpn.ike.wire.IpsecAttribute;
import org.certvpn.ike.wire.NotifyType;
import org.certvpn.ike.wire.Octets;
import org.certvpn.ike.wire.SaPayload;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/**
 * Reading, choosing and building IKEv1 SA proposals (RFC 2409 Appendix A, RFC 2407 §4.5). The responder
 * takes the first transform of the peer's that policy allows and echoes it unchanged, so that racoon's
 * "obey"/"claim" lifetime checks see exactly what they offered.
 */
final class Ikev1Proposals {
    /** RFC 2407 §4.5: an IPsec SA without a lifetime attribute lives 28800 s. */
    static final long DEFAULT_CHILD_LIFETIME = 28800;

    private Ikev1Proposals() {}

    /** A chosen Phase 1 transform and the SA payload that answers it. */
    record Phase1Choice(Phase1Proposal proposal, SaPayload reply) {}

    /** A chosen ESP transform: the peer's SPI, the proposal and transform to echo. */
    record Phase2Choice(Phase2Proposal proposal, int peerSpi, SaPayload.Proposal offered, SaPayload.Transform transform) {}

    // ---- Phase 1 ----

    /** Decodes an ISAKMP transform; null with {@code why[0]} set when it uses something CertVPN lacks. */
    static Phase1Proposal parsePhase1(SaPayload.Transform t, String[] why) {
        if (t.transformId() != SaPayload.Transform.KEY_IKE) {
            why[0] = "transform id " + t.transformId();
            return null;
        }
        int enc = -1;
        int keyLength = 0;
        int hash = -1;
        int auth = -1;
        int group = -1;
        long lifeSeconds = 0;
        long lifeKb = 0;
        int lifeType = 0;
        for (Attribute a : t.attributes()) {
            OptionalLong v = a.numeric();
            if (v.isEmpty()) {
                why[0] = "attribute " + a.type() + " of " + a.value().length() + " bytes";
                return null;
            }
            long value = v.getAsLong();
            switch (a.type()) {
                case IkeAttribute.ENCRYPTION_ALGORITHM -> enc = (int) value;
                case IkeAttribute.KEY_LENGTH -> keyLength = (int) value;
                case IkeAttribute.HASH_ALGORITHM -> hash = (int) value;
                case IkeAttribute.AUTHENTICATION_METHOD -> auth = (int) value;
                case IkeAttribute.GROUP_DESCRIPTION -> group = (int) value;
                case IkeAttribute.LIFE_TYPE -> lifeType = (int) value;
                case IkeAttribute.LIFE_DURATION -> {
                    if (lifeType == IkeAttribute.LIFE_SECONDS) {
                        lifeSeconds = value;
                    } else if (lifeType == IkeAttribute.LIFE_KILOBYTES) {
                        lifeKb = value;
                    }
                }
                default -> {
                    why[0] = "attribute " + a.type();
                    return null;
                }
            }
        }
        IkeCipher cipher = ikeCipher(enc, keyLength);
        IkeHash h = IkeHash.byIkev1Algorithm(hash);
        DhGroup g = DhGroup.byNumber(group);
        if (cipher == null || h == null || g == null || auth < 0) {
            why[0] = "cipher " + enc + (keyLength > 0 ? "/" + keyLength : "") + " hash " + hash + " group " + group
                    + " auth " + auth;
            return null;
        }
        return new Phase1Proposal(cipher, h, g, auth, lifeSeconds, lifeKb);
    }

    static IkeCipher ikeCipher(int algorithm, int keyLengthBits) {
        if (algorithm == 5 && keyLengthBits == 0) {
            return IkeCipher.TRIPLE_DES_CBC;
        }
        if (algorithm == 7) {
            return switch (keyLengthBits) {
                case 0, 128 -> IkeCipher.AES_CBC_128;
                case 192 -> IkeCipher.AES_CBC_192;
                case 256 -> IkeCipher.AES_CBC_256;
                default -> null;
            };
        }
        return null;
    }

    /**
     * Chooses the first acceptable transform of the first ISAKMP proposal holding one.
     *
     * @param authMethods the authentication methods this gateway can do right now
     */
    static Phase1Choice selectPhase1(SaPayload sa, AlgorithmPolicy policy, Set<Integer> authMethods)
            throws ExchangeFailure {
        if (sa.doi() != SaPayload.DOI_IPSEC) {
            throw new ExchangeFailure(DropReason.NO_PROPOSAL_CHOSEN, NotifyType.DOI_NOT_SUPPORTED,
                    "peer's SA uses DOI " + sa.doi() + ", not IPsec");
        }
        List<String> offered = new ArrayList<>();
        for (SaPayload.Proposal p : sa.proposals()) {
            if (p.protocolId() != SaPayload.Proposal.PROTO_ISAKMP) {
                offered.add("protocol " + p.protocolId());
                continue;
            }
            for (SaPayload.Transform t : p.transforms()) {
                String[] why = new String[1];
                Phase1Proposal candidate = parsePhase1(t, why);
                if (candidate == null) {
                    offered.add("unsupported(" + why[0] + ")");
                    continue;
                }
                offered.add(candidate.describe());
                if (policy.allows(candidate.cipher()) && policy.allows(candidate.hash())
                        && policy.allows(candidate.group()) && authMethods.contains(candidate.authMethod())) {
                    SaPayload.Proposal echo = new SaPayload.Proposal(p.number(), p.protocolId(), p.spi(), List.of(t));
                    return new Phase1Choice(candidate, new SaPayload(sa.doi(), sa.situation(), List.of(echo)));
                }
            }
        }
        List<String> auth = new ArrayList<>();
        authMethods.stream().sorted().forEach(m -> auth.add(IkeAttribute.authMethodName(m)));
        throw new ExchangeFailure(DropReason.NO_PROPOSAL_CHOSEN, NotifyType.NO_PROPOSAL_CHOSEN,
                "no proposal chosen: peer offered " + offered + ", we allow [" + policy.describeIke() + " " + auth + "]");
    }

    /** The SA payload an initiator sends: one ISAKMP proposal with one transform per offer. */
    static SaPayload phase1Offer(List<Phase1Proposal> offers) {
        List<SaPayload.Transform> transforms = new ArrayList<>();
        int n = 1;
        for (Phase1Proposal o : offers) {
            List<Attribute> attrs = new ArrayList<>();
            attrs.add(Attribute.tv(IkeAttribute.ENCRYPTION_ALGORITHM, o.cipher().ikev1Algorithm()));
            if (o.cipher().variableKeyLength()) {
                attrs.add(Attribute.tv(IkeAttribute.KEY_LENGTH, o.cipher().keyLength() * 8));
            }
            attrs.add(Attribute.tv(IkeAttribute.HASH_ALGORITHM, o.hash().ikev1Algorithm()));
            attrs.add(Attribute.tv(IkeAttribute.AUTHENTICATION_METHOD, o.authMethod()));
            attrs.add(Attribute.tv(IkeAttribute.GROUP_DESCRIPTION, o.group().number()));
            if (o.lifetimeSeconds() > 0) {
                attrs.add(Attribute.tv(IkeAttribute.LIFE_TYPE, IkeAttribute.LIFE_SECONDS));
                attrs.add(Attribute.number(IkeAttribute.LIFE_DURATION, o.lifetimeSeconds()));
            }
            transforms.add(new SaPayload.Transform(n++, SaPayload.Transform.KEY_IKE, attrs));
        }
        SaPayload.Proposal p = new SaPayload.Proposal(1, SaPayload.Proposal.PROTO_ISAKMP, Octets.empty(), transforms);
        return new SaPayload(SaPayload.DOI_IPSEC, SaPayload.SIT_IDENTITY_ONLY, List.of(p));
    }

    /** The initiator's check of the responder's choice: exactly one transform, one we offered. */
    static Phase1Proposal acceptPhase1Reply(SaPayload reply, List<Phase1Proposal> offers) throws ExchangeFailure {
        if (reply.proposals().size() != 1 || reply.proposals().getFirst().transforms().size() != 1) {
            throw new ExchangeFailure(DropReason.NO_PROPOSAL_CHOSEN, null, "responder returned more than one transform");
        }
        String[] why = new String[1];
        Phase1Proposal chosen = parsePhase1(reply.proposals().getFirst().transforms().getFirst(), why);
        if (chosen == null) {
            throw new ExchangeFailure(DropReason.NO_PROPOSAL_CHOSEN, null, "responder chose an unknown transform: " + why[0]);
        }
        for (Phase1Proposal o : offers) {
            if (o.cipher() == chosen.cipher() && o.hash() == chosen.hash() && o.group() == chosen.group()
                    && o.authMethod() == chosen.authMethod()) {
                return chosen;
            }
        }
        throw new ExchangeFailure(DropReason.NO_PROPOSAL_CHOSEN, null, "responder chose " + chosen.describe()
                + ", which was not offered");
    }

    // ---- Phase 2 ----

    static Phase2Proposal parsePhase2(SaPayload.Transform t, String[] why) {
        int mode = IpsecAttribute.MODE_TUNNEL;
        int auth = -1;
        int keyLength = 0;
        int group = 0;
        long lifeSeconds = 0;
        long lifeKb = 0;
        int lifeType = 0;
        boolean sawLifetime = false;
        for (Attribute a : t.attributes()) {
            OptionalLong v = a.numeric();
            if (v.isEmpty()) {
                why[0] = "attribute " + a.type() + " of " + a.value().length() + " bytes";
                return null;
            }
            long value = v.getAsLong();
            switch (a.type()) {
                case IpsecAttribute.SA_LIFE_TYPE -> lifeType = (int) value;
                case IpsecAttribute.SA_LIFE_DURATION -> {
                    sawLifetime = true;
                    if (lifeType == IpsecAttribute.LIFE_SECONDS) {
                        lifeSeconds = value;
                    } else if (lifeType == IpsecAttribute.LIFE_KILOBYTES) {
                        lifeKb = value;
                    }
                }
                case IpsecAttribute.GROUP_DESCRIPTION -> group = (int) value;
                case IpsecAttribute.ENCAPSULATION_MODE -> mode = (int) value;
                case IpsecAttribute.AUTHENTICATION_ALGORITHM -> auth = (int) value;
                case IpsecAttribute.KEY_LENGTH -> keyLength = (int) value;
                default -> {
                    why[0] = "attribute " + a.type();
                    return null;
                }
            }
        }
        EspCipher cipher = espCipher(t.transformId(), keyLength);
        EspIntegrity integrity = espIntegrity(auth);
        DhGroup pfs = group == 0 ? null : DhGroup.byNumber(group);
        if (cipher == null || integrity == null || (group != 0 && pfs == null)) {
            why[0] = "ESP transform " + t.transformId() + (keyLength > 0 ? "/" + keyLength : "") + " auth " + auth
                    + (group != 0 ? " group " + group : "");
            return null;
        }
        if (!sawLifetime) {
            lifeSeconds = DEFAULT_CHILD_LIFETIME;
        }
        return new Phase2Proposal(cipher, integrity, mode, pfs, lifeSeconds, lifeKb);
    }

    static EspCipher espCipher(int transformId, int keyLengthBits) {
        if (transformId == IpsecAttribute.ESP_3DES && keyLengthBits == 0) {
            return EspCipher.TRIPLE_DES_CBC;
        }
        if (transformId == IpsecAttribute.ESP_AES) {
            return switch (keyLengthBits) {
                case 0, 128 -> EspCipher.AES_CBC_128;
                case 192 -> EspCipher.AES_CBC_192;
                case 256 -> EspCipher.AES_CBC_256;
                default -> null;
            };
        }
        return null;
    }

    static EspIntegrity espIntegrity(int authAlgorithm) {
        for (EspIntegrity i : EspIntegrity.values()) {
            if (i.ikev1AuthAlgorithm() == authAlgorithm) {
                return i;
            }
        }
        return null;
    }

    /**
     * Chooses the first acceptable ESP transform.
     *
     * @param udpEncapsulation whether NAT-T is in use (then only UDP-transport modes fit, else only transport)
     * @param pfsOffered whether the peer sent a KE payload (then the transform must name that group)
     */
    static Phase2Choice selectPhase2(SaPayload sa, AlgorithmPolicy policy, boolean udpEncapsulation, boolean pfsOffered)
            throws ExchangeFailure {
        List<String> offered = new ArrayList<>();
        List<SaPayload.Proposal> proposals = sa.proposals();
        for (SaPayload.Proposal p : proposals) {
            long sameNumber = proposals.stream().filter(q -> q.number() == p.number()).count();
            if (sameNumber > 1) {
                offered.add("bundle #" + p.number() + " (protocol " + p.protocolId() + ")");
                continue;
            }
            if (p.protocolId() != SaPayload.Proposal.PROTO_IPSEC_ESP || p.spi().length() != 4) {
                offered.add("protocol " + p.protocolId());
                continue;
            }
            for (SaPayload.Transform t : p.transforms()) {
                String[] why = new String[1];
                Phase2Proposal c = parsePhase2(t, why);
                if (c == null) {
                    offered.add("unsupported(" + why[0] + ")");
                    continue;
                }
                offered.add(c.describe());
                boolean modeFits = udpEncapsulation ? NatTraversal.isUdpTransport(c.mode())
                        : c.mode() == IpsecAttribute.MODE_TRANSPORT;
                boolean pfsFits = pfsOffered ? c.pfsGroup() != null && policy.allows(c.pfsGroup()) : c.pfsGroup() == null;
                if (policy.allows(c.cipher()) && policy.allows(c.integrity()) && modeFits && pfsFits) {
                    int spi = (p.spi().get(0) << 24) | (p.spi().get(1) << 16) | (p.spi().get(2) << 8) | p.spi().get(3);
                    return new Phase2Choice(c, spi, p, t);
                }
            }
        }
        throw new ExchangeFailure(DropReason.NO_PROPOSAL_CHOSEN, NotifyType.NO_PROPOSAL_CHOSEN,
                "no proposal chosen for ESP: peer offered " + offered + ", we allow [" + policy.describeEsp() + " "
                        + (udpEncapsulation ? "UDP-transport" : "transport") + (pfsOffered ? " PFS" : "") + "]");
    }

    /** The responder's SA payload: the chosen proposal and transform, with our SPI. */
    static SaPayload phase2Reply(SaPayload offered, Phase2Choice choice, int ourSpi) {
        SaPayload.Proposal p = new SaPayload.Proposal(choice.offered().number(), choice.offered().protocolId(),
                spiOctets(ourSpi), List.of(choice.transform()));
        return new SaPayload(offered.doi(), offered.situation(), List.of(p));
    }

    /** An initiator's ESP offer: one proposal, one transform per cipher/integrity pair. */
    static SaPayload phase2Offer(int ourSpi, List<Phase2Proposal> offers) {
        List<SaPayload.Transform> transforms = new ArrayList<>();
        int n = 1;
        for (Phase2Proposal o : offers) {
            List<Attribute> attrs = new ArrayList<>();
            attrs.add(Attribute.tv(IpsecAttribute.SA_LIFE_TYPE, IpsecAttribute.LIFE_SECONDS));
            attrs.add(Attribute.number(IpsecAttribute.SA_LIFE_DURATION, o.lifetimeSeconds()));
            if (o.pfsGroup() != null) {
                attrs.add(Attribute.tv(IpsecAttribute.GROUP_DESCRIPTION, o.pfsGroup().number()));
            }
            attrs.add(Attribute.tv(IpsecAttribute.ENCAPSULATION_MODE, o.mode()));
            attrs.add(Attribute.tv(IpsecAttribute.AUTHENTICATION_ALGORITHM, o.integrity().ikev1AuthAlgorithm()));
            if (o.cipher().ikev1TransformId() == IpsecAttribute.ESP_AES) {
                attrs.add(Attribute.tv(IpsecAttribute.KEY_LENGTH, o.cipher().keyLength() * 8));
            }
            transforms.add(new SaPayload.Transform(n++, o.cipher().ikev1TransformId(), attrs));
        }
        SaPayload.Proposal p = new SaPayload.Proposal(1, SaPayload.Proposal.PROTO_IPSEC_ESP, spiOctets(ourSpi), transforms);
        return new SaPayload(SaPayload.DOI_IPSEC, SaPayload.SIT_IDENTITY_ONLY, List.of(p));
    }

    static Octets spiOctets(int spi) {
        return Octets.of(new byte[] {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi});
    }

    static int spiValue(Octets spi) {
        return (spi.get(0) << 24) | (spi.get(1) << 16) | (spi.get(2) << 8) | spi.get(3);
    }
}
