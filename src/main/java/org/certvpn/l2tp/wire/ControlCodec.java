package org.certvpn.l2tp.wire;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.common.MalformedPacketException;

/**
 * Encodes and decodes L2TP control messages (RFC 2661 §3.1, §4.1, §4.3).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Tunnel ID           |           Session ID          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Ns (opt)          |             Nr (opt)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Offset Size (opt)        |    Offset pad... (opt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Control messages have T, L and S set and O and P clear (§3.1 MUSTs), so their header is
 * always 12 octets and the flags word we send is {@code 0xC802}, the value Android's mtpd insists
 * on. AVPs follow, the Message Type first, encoded with flags word {@code 0x8008} (M set, length 8)
 * as mtpd requires. A message without AVPs is a ZLB acknowledgement of exactly 12 octets.
 *
 * <p>Decoding is liberal where the RFC allows it: trailing octets after Length are ignored, AVPs of
 * unknown types are kept as values, AVPs with reserved bits set are kept and flagged. It rejects
 * what cannot be interpreted: wrong version, missing L or S bit, lengths that do not add up, a
 * first AVP other than Message Type, a known AVP whose value length differs from RFC 2661 §4.4.
 * Exception offsets count from the first octet of the L2TP header.
 */
public final class ControlCodec {
    /** Length of a control message header. */
    public static final int HEADER_LENGTH = 12;
    /** A ZLB acknowledgement is a bare header. */
    public static final int ZLB_LENGTH = HEADER_LENGTH;
    /** The flags-and-version word of every control message we send. */
    public static final int CONTROL_FLAGS = 0xC802;
    /** L2TPv2 in the Ver field. */
    public static final int VERSION = 2;

    static final int T_BIT = 0x8000;
    static final int L_BIT = 0x4000;
    static final int S_BIT = 0x0800;
    static final int O_BIT = 0x0200;
    static final int P_BIT = 0x0100;
    static final int VERSION_MASK = 0x000F;

    private static final int AVP_M = 0x8000;
    private static final int AVP_H = 0x4000;
    private static final int AVP_RESERVED = 0x3C00;
    private static final int AVP_LENGTH = 0x03FF;

    private ControlCodec() {}

    /** True if the datagram has the T bit set (a control message); false for data or empty input. */
    public static boolean isControl(byte[] buf, int offset, int length) {
        return length > 0 && (buf[offset] & 0x80) != 0;
    }

    /**
     * Decodes one control message.
     *
     * @param secret the tunnel secret used to reveal hidden AVPs, or null when none is configured
     *               (hidden AVPs then stay unrevealed)
     */
    public static ControlMessage decode(byte[] buf, int offset, int length, byte[] secret)
            throws MalformedPacketException {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException("bounds outside the buffer");
        }
        if (length < HEADER_LENGTH) {
            throw new MalformedPacketException(0, "control message shorter than its " + HEADER_LENGTH + "-octet header");
        }
        int flags = u16(buf, offset);
        if ((flags & T_BIT) == 0) {
            throw new MalformedPacketException(0, "T bit clear: a data message");
        }
        if ((flags & VERSION_MASK) != VERSION) {
            throw new MalformedPacketException(1, "version " + (flags & VERSION_MASK) + " is not L2TPv2");
        }
        if ((flags & L_BIT) == 0 || (flags & S_BIT) == 0) {
            throw new MalformedPacketException(0, "control message without L or S bit (RFC 2661 §3.1)");
        }
        if ((flags & (O_BIT | P_BIT)) != 0) {
            throw new MalformedPacketException(0, "control message with O or P bit (RFC 2661 §3.1)");
        }
        int total = u16(buf, offset + 2);
        if (total < HEADER_LENGTH || total > length) {
            throw new MalformedPacketException(2, "Length " + total + " does not fit the " + length + "-octet datagram");
        }
        int tunnelId = u16(buf, offset + 4);
        int sessionId = u16(buf, offset + 6);
        int ns = u16(buf, offset + 8);
        int nr = u16(buf, offset + 10);
        if (total == HEADER_LENGTH) {
            return new ControlMessage(tunnelId, sessionId, ns, nr, MessageType.ZLB, List.of());
        }
        List<Avp> avps = new ArrayList<>();
        byte[] randomVector = null;
        int pos = HEADER_LENGTH;
        while (pos < total) {
            if (total - pos < Avp.HEADER_LENGTH) {
                throw new MalformedPacketException(pos, "truncated AVP header");
            }
            int avpFlags = u16(buf, offset + pos);
            int avpLength = avpFlags & AVP_LENGTH;
            if (avpLength < Avp.HEADER_LENGTH || avpLength > total - pos) {
                throw new MalformedPacketException(pos, "AVP Length " + avpLength + " does not fit");
            }
            boolean mandatory = (avpFlags & AVP_M) != 0;
            boolean hidden = (avpFlags & AVP_H) != 0;
            boolean reserved = (avpFlags & AVP_RESERVED) != 0;
            AvpType type = AvpType.valueOf(u16(buf, offset + pos + 2), u16(buf, offset + pos + 4));
            byte[] value = new byte[avpLength - Avp.HEADER_LENGTH];
            System.arraycopy(buf, offset + pos + Avp.HEADER_LENGTH, value, 0, value.length);

            if (avps.isEmpty() && (!type.equals(AvpType.MESSAGE_TYPE) || hidden || reserved || value.length != 2)) {
                throw new MalformedPacketException(pos, "first AVP must be a plain 2-octet Message Type (RFC 2661 §4.4.1)");
            }
            boolean revealed = true;
            if (hidden && !reserved) {
                if (type.equals(AvpType.RANDOM_VECTOR) || type.equals(AvpType.MESSAGE_TYPE)) {
                    throw new MalformedPacketException(pos, type + " must not be hidden (RFC 2661 §4.4.1)");
                }
                if (secret != null && randomVector != null) {
                    value = reveal(type, secret, randomVector, value, pos);
                } else {
                    revealed = false;
                }
            }
            Avp avp = new Avp(type, mandatory, hidden, revealed, reserved, value);
            if (avp.recognized()) {
                AvpType.Definition d = type.definition();
                if (value.length < d.minLength() || value.length > d.maxLength()) {
                    throw new MalformedPacketException(pos, type + " value of " + value.length
                            + " octets, RFC 2661 §4.4 allows " + d.minLength() + ".." + d.maxLength());
                }
                if (type.equals(AvpType.RANDOM_VECTOR)) {
                    randomVector = value;
                }
            }
            avps.add(avp);
            pos += avpLength;
        }
        MessageType type = MessageType.valueOf(avps.getFirst().u16());
        return new ControlMessage(tunnelId, sessionId, ns, nr, type, avps);
    }

    private static byte[] reveal(AvpType type, byte[] secret, byte[] rv, byte[] hidden, int pos)
            throws MalformedPacketException {
        if (hidden.length < 2) {
            throw new MalformedPacketException(pos, "hidden " + type + " shorter than its length field");
        }
        byte[] sub = HiddenAvp.decrypt(type.attribute(), secret, rv, hidden);
        int original = (sub[0] & 0xFF) << 8 | sub[1] & 0xFF;
        if (original > sub.length - 2) {
            throw new MalformedPacketException(pos, "hidden " + type + " claims " + original
                    + " octets but holds " + (sub.length - 2) + " (wrong secret?)");
        }
        byte[] value = new byte[original];
        System.arraycopy(sub, 2, value, 0, original);
        return value;
    }

    /**
     * Encodes a message with the header fields it carries. AVPs marked {@link Avp#hidden()} are
     * hidden with {@code secret} and the value of the Random Vector AVP preceding them.
     *
     * @throws IllegalArgumentException when a hidden AVP has no preceding Random Vector or no
     *                                  secret is given, or the message exceeds 65535 octets
     */
    public static byte[] encode(ControlMessage m, byte[] secret) {
        List<byte[]> values = new ArrayList<>(m.avps().size());
        int total = HEADER_LENGTH;
        byte[] randomVector = null;
        for (Avp a : m.avps()) {
            byte[] v = a.rawValue();
            if (a.type().equals(AvpType.RANDOM_VECTOR)) {
                randomVector = v;
            }
            if (a.hidden() && a.revealed()) {
                if (secret == null || randomVector == null) {
                    throw new IllegalArgumentException("hiding " + a.type() + " needs a secret and a preceding Random Vector");
                }
                v = HiddenAvp.hide(a.type().attribute(), secret, randomVector, v, HiddenAvp.paddingFor(v.length));
            }
            if (v.length > Avp.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException(a.type() + " too long to encode");
            }
            values.add(v);
            total += Avp.HEADER_LENGTH + v.length;
        }
        if (total > 0xFFFF) {
            throw new IllegalArgumentException("control message of " + total + " octets");
        }
        byte[] out = new byte[total];
        put16(out, 0, CONTROL_FLAGS);
        put16(out, 2, total);
        put16(out, 4, m.tunnelId());
        put16(out, 6, m.sessionId());
        put16(out, 8, m.ns());
        put16(out, 10, m.nr());
        int pos = HEADER_LENGTH;
        for (int i = 0; i < values.size(); i++) {
            Avp a = m.avps().get(i);
            byte[] v = values.get(i);
            int flags = (a.mandatory() ? AVP_M : 0) | (a.hidden() ? AVP_H : 0) | (Avp.HEADER_LENGTH + v.length);
            put16(out, pos, flags);
            put16(out, pos + 2, a.type().vendorId());
            put16(out, pos + 4, a.type().attribute());
            System.arraycopy(v, 0, out, pos + Avp.HEADER_LENGTH, v.length);
            pos += Avp.HEADER_LENGTH + v.length;
        }
        return out;
    }

    /** Rewrites Ns and Nr of an encoded control message in place (retransmissions carry the current Nr). */
    public static void patchSequence(byte[] encoded, int ns, int nr) {
        put16(encoded, 8, ns);
        put16(encoded, 10, nr);
    }

    /** Rewrites the header's tunnel ID of an encoded control message in place. */
    public static void patchTunnelId(byte[] encoded, int tunnelId) {
        put16(encoded, 4, tunnelId);
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
