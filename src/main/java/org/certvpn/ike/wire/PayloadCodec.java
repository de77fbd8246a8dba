package org.certvpn.ike.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.certvpn.common.MalformedPacketException;

/**
 * Decodes and encodes ISAKMP payload chains (RFC 2408 §3.2-§3.16, RFC 3947, Cisco fragments).
 *
 * <p>Decoding validates every length against its container and fails with a positioned
 * {@link MalformedPacketException}; it never throws anything else. Unknown payload types become
 * {@link UnknownPayload}. Bytes after the last payload (block-cipher padding) are allowed and ignored.
 */
public final class PayloadCodec {
    /** More payloads than any real IKEv1 message carries: a bound against pathological chains. */
    public static final int MAX_PAYLOADS = 128;
    private static final int MAX_PROPOSALS = 64;
    private static final int GENERIC_HEADER = 4;

    private PayloadCodec() {}

    /** Decodes the chain that starts with a payload of type {@code first} in {@code buf[offset, end)}. */
    public static Payloads decode(PayloadType first, byte[] buf, int offset, int end) throws MalformedPacketException {
        if (offset < 0 || end > buf.length || offset > end) {
            throw new MalformedPacketException(Math.max(0, offset), "payload region outside the buffer");
        }
        byte[] raw = Arrays.copyOfRange(buf, offset, end);
        List<Payloads.Entry> entries = new ArrayList<>();
        WireReader r = new WireReader(raw, 0, raw.length);
        PayloadType type = first;
        while (type.number() != PayloadType.NONE.number()) {
            if (entries.size() == MAX_PAYLOADS) {
                throw new MalformedPacketException(offset + r.position(), "more than " + MAX_PAYLOADS + " payloads");
            }
            int start = r.position();
            int next;
            int length;
            try {
                next = r.u8("generic payload header");
                r.u8("generic payload header");
                length = r.u16("generic payload header");
            } catch (MalformedPacketException e) {
                throw shifted(e, offset);
            }
            if (length < GENERIC_HEADER) {
                throw new MalformedPacketException(offset + start + 2, type + " payload length " + length + " below 4");
            }
            if (length - GENERIC_HEADER > r.remaining()) {
                throw new MalformedPacketException(offset + start + 2,
                        type + " payload length " + length + " exceeds the " + (r.remaining() + GENERIC_HEADER)
                                + " bytes left");
            }
            Payload p;
            try {
                WireReader body = r.sub(length - GENERIC_HEADER, type + " body");
                p = decodeBody(type, body);
            } catch (MalformedPacketException e) {
                throw shifted(e, offset);
            }
            entries.add(new Payloads.Entry(p, start, length));
            type = PayloadType.valueOf(next);
        }
        return new Payloads(raw, entries, r.position());
    }

    private static MalformedPacketException shifted(MalformedPacketException e, int by) {
        return by == 0 ? e : new MalformedPacketException(e.offset() + by, e.reason());
    }

    private static Payload decodeBody(PayloadType type, WireReader r) throws MalformedPacketException {
        return switch (type.number()) {
            case 1 -> decodeSa(r);
            case 4 -> new KeyExchangePayload(r.rest());
            case 5 -> new IdPayload(r.u8("ID type"), r.u8("ID protocol"), r.u16("ID port"), r.rest());
            case 6 -> new CertPayload(r.u8("certificate encoding"), r.rest());
            case 7 -> new CertRequestPayload(r.u8("certificate request encoding"), r.rest());
            case 8 -> new HashPayload(r.rest());
            case 9 -> new SignaturePayload(r.rest());
            case 10 -> new NoncePayload(r.rest());
            case 11 -> decodeNotify(r);
            case 12 -> decodeDelete(r);
            case 13 -> new VendorIdPayload(r.rest());
            case 20, 130 -> new NatDPayload(type, r.rest());
            case 21, 131 -> decodeNatOa(type, r);
            case 132 -> decodeFragment(r);
            default -> new UnknownPayload(type, r.rest());
        };
    }

    private static SaPayload decodeSa(WireReader r) throws MalformedPacketException {
        int doi = r.u32("SA DOI");
        int situationPos = r.position();
        int situation = r.u32("SA situation");
        if (doi == SaPayload.DOI_IPSEC && situation != SaPayload.SIT_IDENTITY_ONLY) {
            // Secrecy and integrity situations add label fields no IPsec peer in the field sends.
            throw new MalformedPacketException(situationPos, "unsupported SA situation " + situation);
        }
        List<SaPayload.Proposal> proposals = new ArrayList<>();
        int next = PayloadType.PROPOSAL.number();
        while (next != 0) {
            if (next != PayloadType.PROPOSAL.number()) {
                throw new MalformedPacketException(r.position(), "SA holds payload " + next + " where a proposal belongs");
            }
            if (proposals.size() == MAX_PROPOSALS) {
                throw new MalformedPacketException(r.position(), "more than " + MAX_PROPOSALS + " proposals");
            }
            int start = r.position();
            next = r.u8("proposal header");
            r.u8("proposal header");
            int length = r.u16("proposal header");
            if (length < 8) {
                throw new MalformedPacketException(start + 2, "proposal length " + length + " below 8");
            }
            proposals.add(decodeProposal(r.sub(length - GENERIC_HEADER, "proposal")));
        }
        if (proposals.isEmpty()) {
            throw new MalformedPacketException(r.position(), "SA without proposals");
        }
        return new SaPayload(doi, situation, proposals);
    }

    private static SaPayload.Proposal decodeProposal(WireReader r) throws MalformedPacketException {
        int number = r.u8("proposal number");
        int protocol = r.u8("protocol id");
        int spiSize = r.u8("SPI size");
        int countPos = r.position();
        int count = r.u8("transform count");
        Octets spi = r.octets(spiSize, "proposal SPI");
        List<SaPayload.Transform> transforms = new ArrayList<>();
        int next = count == 0 ? 0 : PayloadType.TRANSFORM.number();
        while (next != 0) {
            if (next != PayloadType.TRANSFORM.number()) {
                throw new MalformedPacketException(r.position(), "proposal holds payload " + next + " where a transform belongs");
            }
            int start = r.position();
            next = r.u8("transform header");
            r.u8("transform header");
            int length = r.u16("transform header");
            if (length < 8) {
                throw new MalformedPacketException(start + 2, "transform length " + length + " below 8");
            }
            transforms.add(decodeTransform(r.sub(length - GENERIC_HEADER, "transform")));
            if (transforms.size() > count) {
                break;
            }
        }
        if (transforms.size() != count) {
            throw new MalformedPacketException(countPos,
                    "proposal announces " + count + " transforms but holds " + transforms.size());
        }
        return new SaPayload.Proposal(number, protocol, spi, transforms);
    }

    private static SaPayload.Transform decodeTransform(WireReader r) throws MalformedPacketException {
        int number = r.u8("transform number");
        int id = r.u8("transform id");
        r.skip(2, "transform reserved");
        List<Attribute> attributes = new ArrayList<>();
        while (r.remaining() > 0) {
            int typePos = r.position();
            int word = r.u16("attribute type");
            int type = word & 0x7fff;
            if ((word & 0x8000) != 0) {
                attributes.add(new Attribute(type, true, r.octets(2, "attribute value")));
            } else {
                int len = r.u16("attribute length");
                if (len > r.remaining()) {
                    throw new MalformedPacketException(typePos + 2,
                            "attribute " + type + " length " + len + " exceeds the transform");
                }
                attributes.add(new Attribute(type, false, r.octets(len, "attribute value")));
            }
        }
        return new SaPayload.Transform(number, id, attributes);
    }

    private static NotifyPayload decodeNotify(WireReader r) throws MalformedPacketException {
        int doi = r.u32("notify DOI");
        int protocol = r.u8("notify protocol");
        int spiSize = r.u8("notify SPI size");
        int type = r.u16("notify type");
        Octets spi = r.octets(spiSize, "notify SPI");
        return new NotifyPayload(doi, protocol, spi, NotifyType.valueOf(type), r.rest());
    }

    private static DeletePayload decodeDelete(WireReader r) throws MalformedPacketException {
        int doi = r.u32("delete DOI");
        int protocol = r.u8("delete protocol");
        int spiSize = r.u8("delete SPI size");
        int countPos = r.position();
        int count = r.u16("delete SPI count");
        if (spiSize == 0 && count > 0) {
            // SPIs of no bytes name nothing (RFC 2408 §3.15: 16 for ISAKMP, 4 for ESP), and 12 bytes would
            // otherwise make the decoder build 65,535 of them: work out of all proportion to the datagram.
            throw new MalformedPacketException(countPos, count + " SPIs of 0 bytes");
        }
        if ((long) count * spiSize > r.remaining()) {
            throw new MalformedPacketException(countPos,
                    count + " SPIs of " + spiSize + " bytes exceed the " + r.remaining() + " bytes left");
        }
        List<Octets> spis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spis.add(r.octets(spiSize, "delete SPI"));
        }
        return new DeletePayload(doi, protocol, spiSize, spis);
    }

    private static NatOaPayload decodeNatOa(PayloadType type, WireReader r) throws MalformedPacketException {
        int idType = r.u8("NAT-OA ID type");
        r.skip(3, "NAT-OA reserved");
        int addrPos = r.position();
        Octets address = r.rest();
        int expected = idType == IdPayload.ID_IPV4_ADDR ? 4 : idType == IdPayload.ID_IPV6_ADDR ? 16 : -1;
        if (expected < 0) {
            throw new MalformedPacketException(addrPos - 4, "NAT-OA with ID type " + idType);
        }
        if (address.length() != expected) {
            throw new MalformedPacketException(addrPos, "NAT-OA address of " + address.length() + " bytes");
        }
        return new NatOaPayload(type, idType, address);
    }

    private static FragmentPayload decodeFragment(WireReader r) throws MalformedPacketException {
        int id = r.u16("fragment id");
        int number = r.u8("fragment number");
        int flags = r.u8("fragment flags");
        return new FragmentPayload(id, number, (flags & FragmentPayload.FLAG_LAST) != 0, r.rest());
    }

    /** Encodes {@code payloads} as a chain: each generic header names the type of the payload after it. */
    public static byte[] encode(List<? extends Payload> payloads) {
        WireWriter w = new WireWriter(256);
        for (int i = 0; i < payloads.size(); i++) {
            Payload p = payloads.get(i);
            int next = i + 1 < payloads.size() ? payloads.get(i + 1).type().number() : 0;
            int start = w.size();
            w.u8(next).u8(0).u16(0);
            encodeBody(p, w);
            patchLength(w, start, p.type().toString());
        }
        return w.toByteArray();
    }

    private static void patchLength(WireWriter w, int start, String what) {
        int length = w.size() - start;
        if (length > 0xffff) {
            throw new IllegalArgumentException(what + " payload of " + length + " bytes exceeds 65535");
        }
        w.patchU16(start + 2, length);
    }

    private static void encodeBody(Payload p, WireWriter w) {
        switch (p) {
            case SaPayload sa -> encodeSa(sa, w);
            case KeyExchangePayload ke -> w.bytes(ke.data());
            case IdPayload id -> w.u8(id.idType()).u8(id.protocol()).u16(id.port()).bytes(id.data());
            case CertPayload c -> w.u8(c.encoding()).bytes(c.data());
            case CertRequestPayload c -> w.u8(c.encoding()).bytes(c.authority());
            case HashPayload h -> w.bytes(h.data());
            case SignaturePayload s -> w.bytes(s.data());
            case NoncePayload n -> w.bytes(n.data());
            case NotifyPayload n -> w.u32(n.doi()).u8(n.protocolId()).u8(n.spi().length())
                    .u16(n.notifyType().number()).bytes(n.spi()).bytes(n.data());
            case DeletePayload d -> {
                w.u32(d.doi()).u8(d.protocolId()).u8(d.spiSize()).u16(d.spis().size());
                d.spis().forEach(w::bytes);
            }
            case VendorIdPayload v -> w.bytes(v.data());
            case NatDPayload n -> w.bytes(n.hash());
            case NatOaPayload n -> w.u8(n.idType()).u8(0).u16(0).bytes(n.address());
            case FragmentPayload f -> w.u16(f.fragmentId()).u8(f.number()).u8(f.last() ? FragmentPayload.FLAG_LAST : 0)
                    .bytes(f.data());
            case UnknownPayload u -> w.bytes(u.body());
        }
    }

    private static void encodeSa(SaPayload sa, WireWriter w) {
        w.u32(sa.doi()).u32(sa.situation());
        List<SaPayload.Proposal> proposals = sa.proposals();
        for (int i = 0; i < proposals.size(); i++) {
            SaPayload.Proposal p = proposals.get(i);
            int start = w.size();
            w.u8(i + 1 < proposals.size() ? PayloadType.PROPOSAL.number() : 0).u8(0).u16(0);
            w.u8(p.number()).u8(p.protocolId()).u8(p.spi().length()).u8(p.transforms().size()).bytes(p.spi());
            List<SaPayload.Transform> transforms = p.transforms();
            for (int j = 0; j < transforms.size(); j++) {
                SaPayload.Transform t = transforms.get(j);
                int tStart = w.size();
                w.u8(j + 1 < transforms.size() ? PayloadType.TRANSFORM.number() : 0).u8(0).u16(0);
                w.u8(t.number()).u8(t.transformId()).u16(0);
                for (Attribute a : t.attributes()) {
                    if (a.tv()) {
                        w.u16(0x8000 | a.type()).bytes(a.value());
                    } else {
                        w.u16(a.type()).u16(a.value().length()).bytes(a.value());
                    }
                }
                patchLength(w, tStart, "transform");
            }
            patchLength(w, start, "proposal");
        }
    }

    /** The encoded body of one payload, without its generic header (for {@code SAi_b} and friends). */
    public static byte[] encodeBody(Payload p) {
        byte[] chain = encode(List.of(p));
        return Arrays.copyOfRange(chain, GENERIC_HEADER, chain.length);
    }
}
