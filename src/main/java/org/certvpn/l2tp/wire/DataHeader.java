package org.certvpn.l2tp.wire;

/**
 * The header of an L2TP data message (RFC 2661 §3.1, T bit clear), parsed and written in place.
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
 * <p>Data messages may carry any combination of the Length (L), sequence (S) and Offset (O)
 * fields; what follows the header, up to Length or the end of the datagram, is one PPP frame
 * (with or without the FF 03 address and control octets). In data messages Nr is reserved and
 * ignored on receipt (§3.1).
 *
 * <p>This is the data path: one instance per thread is reused for every packet, {@link #parse}
 * never allocates and never throws on bad input, it returns false and names a {@link Drop} reason.
 * {@link #write} puts a header into the headroom in front of a PPP frame.
 */
public final class DataHeader {

    /** Why a datagram was not accepted as a data message. */
    public enum Drop {
        NONE,
        /** Fewer octets than the fields the flags announce. */
        TRUNCATED,
        /** The T bit is set: a control message. */
        CONTROL,
        /** Ver is not 2. */
        VERSION,
        /** The Length field is smaller than the header or larger than the datagram. */
        LENGTH,
        /** The offset padding runs past the end of the message. */
        OFFSET,
        /** A header without any PPP frame after it. */
        EMPTY
    }

    /** Smallest data header: flags, tunnel ID, session ID. */
    public static final int MIN_HEADER_LENGTH = 6;
    /** Largest header {@link #write} produces (L and S fields; we never send an offset). */
    public static final int MAX_WRITTEN_HEADER_LENGTH = 12;

    private static final int T_BIT = 0x8000;
    private static final int L_BIT = 0x4000;
    private static final int S_BIT = 0x0800;
    private static final int O_BIT = 0x0200;
    private static final int P_BIT = 0x0100;

    private Drop drop = Drop.NONE;
    private int tunnelId;
    private int sessionId;
    private int ns;
    private boolean hasLength;
    private boolean hasSequence;
    private boolean hasOffset;
    private boolean priority;
    private int payloadOffset;
    private int payloadLength;
    private boolean addressControl;

    /**
     * Parses the data header at {@code buf[offset..offset+length)}. On success the accessors
     * describe this packet; on failure {@link #drop()} says why and the other accessors are
     * undefined.
     */
    public boolean parse(byte[] buf, int offset, int length) {
        drop = Drop.NONE;
        if (length < MIN_HEADER_LENGTH || offset < 0 || offset > buf.length - length) {
            return fail(Drop.TRUNCATED);
        }
        int flags = (buf[offset] & 0xFF) << 8 | buf[offset + 1] & 0xFF;
        if ((flags & T_BIT) != 0) {
            return fail(Drop.CONTROL);
        }
        if ((flags & 0x000F) != ControlCodec.VERSION) {
            return fail(Drop.VERSION);
        }
        hasLength = (flags & L_BIT) != 0;
        hasSequence = (flags & S_BIT) != 0;
        hasOffset = (flags & O_BIT) != 0;
        priority = (flags & P_BIT) != 0;
        int header = MIN_HEADER_LENGTH + (hasLength ? 2 : 0) + (hasSequence ? 4 : 0) + (hasOffset ? 2 : 0);
        int end = length;
        int pos = 2;
        if (hasLength) {
            int declared = u16(buf, offset + 2);
            if (declared < header || declared > length) {
                return fail(length < header ? Drop.TRUNCATED : Drop.LENGTH);
            }
            end = declared;
            pos = 4;
        } else if (length < header) {
            return fail(Drop.TRUNCATED);
        }
        tunnelId = u16(buf, offset + pos);
        sessionId = u16(buf, offset + pos + 2);
        pos += 4;
        if (hasSequence) {
            ns = u16(buf, offset + pos);
            pos += 4;
        } else {
            ns = 0;
        }
        if (hasOffset) {
            int pad = u16(buf, offset + pos);
            pos += 2;
            if (pad > end - pos) {
                return fail(Drop.OFFSET);
            }
            pos += pad;
        }
        if (pos >= end) {
            return fail(Drop.EMPTY);
        }
        payloadOffset = offset + pos;
        payloadLength = end - pos;
        addressControl = payloadLength >= 2 && buf[payloadOffset] == (byte) 0xFF && buf[payloadOffset + 1] == 0x03;
        return true;
    }

    private boolean fail(Drop why) {
        drop = why;
        return false;
    }

    /** Why the last {@link #parse} failed, {@link Drop#NONE} after a success. */
    public Drop drop() {
        return drop;
    }

    /** The receiver's (our) tunnel ID. */
    public int tunnelId() {
        return tunnelId;
    }

    /** The receiver's (our) session ID. */
    public int sessionId() {
        return sessionId;
    }

    /** Whether the S bit was set: Ns (and a reserved Nr) are present. */
    public boolean hasSequence() {
        return hasSequence;
    }

    /** The data message's Ns, 0 when {@link #hasSequence()} is false. */
    public int ns() {
        return ns;
    }

    public boolean hasLength() {
        return hasLength;
    }

    public boolean hasOffset() {
        return hasOffset;
    }

    /** The P bit: the sender asks for preferential treatment (LCP keepalives, §3.1). */
    public boolean priority() {
        return priority;
    }

    /** Index in the buffer of the first octet of the PPP frame. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Octets of the PPP frame. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Whether the PPP frame starts with the HDLC address and control octets FF 03. */
    public boolean addressControl() {
        return addressControl;
    }

    /** Header length {@link #write} produces for these options. */
    public static int headerLength(boolean lengthBit, boolean sequence) {
        return MIN_HEADER_LENGTH + (lengthBit ? 2 : 0) + (sequence ? 4 : 0);
    }

    /**
     * Writes a data header into the headroom right before a PPP frame at
     * {@code buf[payloadOffset..payloadOffset+payloadLength)} and returns the index where the
     * L2TP message now starts. Nr is written as zero (reserved in data messages).
     *
     * @param tunnelId  the peer's tunnel ID
     * @param sessionId the peer's session ID
     * @throws IllegalArgumentException when the headroom is too small (a caller bug, not bad input)
     */
    public static int write(byte[] buf, int payloadOffset, int payloadLength, int tunnelId, int sessionId,
                            boolean lengthBit, boolean sequence, int ns) {
        int header = headerLength(lengthBit, sequence);
        int start = payloadOffset - header;
        if (start < 0 || payloadLength < 0 || payloadOffset > buf.length - payloadLength || header + payloadLength > 0xFFFF) {
            throw new IllegalArgumentException("no room for a " + header + "-octet L2TP header");
        }
        int flags = (lengthBit ? L_BIT : 0) | (sequence ? S_BIT : 0) | ControlCodec.VERSION;
        ControlCodec.put16(buf, start, flags);
        int pos = start + 2;
        if (lengthBit) {
            ControlCodec.put16(buf, pos, header + payloadLength);
            pos += 2;
        }
        ControlCodec.put16(buf, pos, tunnelId);
        ControlCodec.put16(buf, pos + 2, sessionId);
        pos += 4;
        if (sequence) {
            ControlCodec.put16(buf, pos, ns);
            ControlCodec.put16(buf, pos + 2, 0);
        }
        return start;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }
}
