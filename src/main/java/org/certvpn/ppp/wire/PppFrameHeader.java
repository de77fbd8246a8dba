package org.certvpn.ppp.wire;

/**
 * A reusable, mutable view of one PPP frame's header, for the data path: parsing allocates nothing and
 * never throws.
 *
 * <pre>
 * +----------+----------+----------+----------+-------------
 * | Address  | Control  | Protocol (1 or 2)   | Information ...
 * |   0xFF   |   0x03   |                     |
 * +----------+----------+----------+----------+-------------
 *  absent when the peer compresses them (ACFC, RFC 1661 §6.6);
 *  the Protocol field is one octet when its high octet is zero and PFC is in use (§6.5)
 * </pre>
 *
 * <p>Over L2TP the frame arrives without HDLC flags, FCS or byte stuffing (RFC 2661 §5.1). A first
 * octet 0xFF can only be the Address field: an uncompressed Protocol starts with an even octet and
 * 0x00FF is reserved, so the two forms never collide. Receivers accept every combination whatever was
 * negotiated, as RFC 1661 §6.5/§6.6 advise.
 */
public final class PppFrameHeader {
    public static final int ADDRESS = 0xFF;
    public static final int CONTROL = 0x03;
    /** The longest header: address, control and a two-octet protocol. */
    public static final int MAX_LENGTH = 4;

    private int protocol;
    private int headerLength;
    private boolean addressControlPresent;

    /**
     * Parses the header of {@code buf[off, off+len)}. Returns false (and leaves the view unspecified)
     * when the frame is too short or its Protocol field is not of the RFC 1661 form.
     */
    public boolean parse(byte[] buf, int off, int len) {
        int p = off;
        int end = off + len;
        if (len < 0 || off < 0 || end > buf.length) {
            return false;
        }
        addressControlPresent = false;
        if (end - p >= 2 && (buf[p] & 0xFF) == ADDRESS) {
            if ((buf[p + 1] & 0xFF) != CONTROL) {
                return false;
            }
            addressControlPresent = true;
            p += 2;
        }
        if (p >= end) {
            return false;
        }
        int first = buf[p] & 0xFF;
        if ((first & 1) == 1) {
            protocol = first;
            p += 1;
        } else {
            if (p + 1 >= end) {
                return false;
            }
            protocol = (first << 8) | (buf[p + 1] & 0xFF);
            if ((protocol & 1) == 0) {
                return false;
            }
            p += 2;
        }
        headerLength = p - off;
        return true;
    }

    public int protocol() {
        return protocol;
    }

    /** Octets before the Information field (1 to 4). */
    public int headerLength() {
        return headerLength;
    }

    public boolean addressControlPresent() {
        return addressControlPresent;
    }

    /**
     * Writes a header just before {@code informationOffset} and returns where the frame now starts.
     * The caller leaves at least {@link #MAX_LENGTH} octets of headroom.
     *
     * @param omitAddressControl the peer accepted ACFC (never for LCP, RFC 1661 §6.6)
     * @param compressProtocol the peer accepted PFC and the protocol's high octet is zero
     */
    public static int write(byte[] buf, int informationOffset, int protocol, boolean omitAddressControl,
            boolean compressProtocol) {
        int p = informationOffset;
        if (compressProtocol && protocol <= 0xFF) {
            buf[--p] = (byte) protocol;
        } else {
            buf[--p] = (byte) protocol;
            buf[--p] = (byte) (protocol >>> 8);
        }
        if (!omitAddressControl) {
            buf[--p] = (byte) CONTROL;
            buf[--p] = (byte) ADDRESS;
        }
        return p;
    }
}
