package org.certvpn.esp;

/**
 * The inner UDP header of a transport-mode ESP payload (L2TP/IPsec: the client's UDP datagram to port 1701),
 * read and written in place, with the checksum treatments RFC 3948 §3.1.2 allows once NAT is involved.
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |   Source Port   |   Dest. Port    |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |      RFC 768
 * +--------+--------+--------+--------+
 * </pre>
 *
 * <p>Behind a NAT the client computed the checksum over its private address, which the gateway never sees,
 * so a received checksum cannot be verified against the outer header. RFC 3948 §3.1.2 lets the receiver
 * either fix it incrementally with the original addresses from NAT-OA ({@link #adjustForOriginalAddresses}),
 * or recompute it ({@link #fillChecksum}), or set it to zero ({@link #clearChecksum}; for IPv4, zero means
 * "no checksum", RFC 768). The ESP ICV already protects the datagram end to end, so CertVPN's default is to
 * skip verifying inbound checksums and to send zero. {@link #verifyChecksum} is for when the original
 * addresses are known (no NAT, or NAT-OA received).
 */
public final class TransportUdp {
    public static final int HEADER_LENGTH = 8;
    private static final int PROTOCOL_UDP = 17;

    private TransportUdp() {}

    /** Whether a UDP header fits and its length field equals the datagram's length. */
    public static boolean isWellFormed(byte[] buf, int off, int len) {
        return len >= HEADER_LENGTH && len <= buf.length - off && length(buf, off) == len;
    }

    public static int sourcePort(byte[] buf, int off) {
        return u16(buf, off);
    }

    public static int destinationPort(byte[] buf, int off) {
        return u16(buf, off + 2);
    }

    /** The length field: header plus data. */
    public static int length(byte[] buf, int off) {
        return u16(buf, off + 4);
    }

    public static int checksum(byte[] buf, int off) {
        return u16(buf, off + 6);
    }

    /** Writes a header for {@code dataLen} bytes already at {@code off + 8}, checksum zero (IPv4 only). */
    public static void writeHeader(byte[] buf, int off, int sourcePort, int destinationPort, int dataLen) {
        put16(buf, off, sourcePort);
        put16(buf, off + 2, destinationPort);
        put16(buf, off + 4, HEADER_LENGTH + dataLen);
        put16(buf, off + 6, 0);
    }

    /** RFC 3948 §3.1.2 step 5 and the outbound choice: IPv4 UDP without checksum. */
    public static void clearChecksum(byte[] buf, int off) {
        put16(buf, off + 6, 0);
    }

    /**
     * RFC 3948 §3.1.2 step 4: computes the checksum over the IPv4 pseudo-header with the given addresses.
     *
     * @param len the whole datagram, header included
     */
    public static void fillChecksum(byte[] buf, int off, int len, int sourceIpv4, int destinationIpv4) {
        put16(buf, off + 6, 0);
        int sum = onesComplementSum(buf, off, len, sourceIpv4, destinationIpv4);
        int checksum = ~sum & 0xFFFF;
        // RFC 768: a computed zero is sent as all ones, since zero means "none".
        put16(buf, off + 6, checksum == 0 ? 0xFFFF : checksum);
    }

    /** True when the checksum is absent (zero) or correct for the given pseudo-header addresses. */
    public static boolean verifyChecksum(byte[] buf, int off, int len, int sourceIpv4, int destinationIpv4) {
        if (checksum(buf, off) == 0) {
            return true;
        }
        return onesComplementSum(buf, off, len, sourceIpv4, destinationIpv4) == 0xFFFF;
    }

    /**
     * RFC 3948 §3.1.2 step 3: rewrites the checksum as if the datagram had been sent between the outer
     * addresses instead of the original ones (from NAT-OA), by RFC 1624 incremental update. A zero
     * checksum stays zero.
     */
    public static void adjustForOriginalAddresses(byte[] buf, int off, int originalSource, int originalDestination,
            int outerSource, int outerDestination) {
        int old = checksum(buf, off);
        if (old == 0) {
            return;
        }
        // HC' = ~(~HC + ~m + m') over each 16-bit word that changed (RFC 1624 eqn. 3).
        int sum = ~old & 0xFFFF;
        sum += (~originalSource >>> 16) & 0xFFFF;
        sum += ~originalSource & 0xFFFF;
        sum += ~originalDestination >>> 16 & 0xFFFF;
        sum += ~originalDestination & 0xFFFF;
        sum += outerSource >>> 16 & 0xFFFF;
        sum += outerSource & 0xFFFF;
        sum += outerDestination >>> 16 & 0xFFFF;
        sum += outerDestination & 0xFFFF;
        sum = fold(sum);
        int checksum = ~sum & 0xFFFF;
        put16(buf, off + 6, checksum == 0 ? 0xFFFF : checksum);
    }

    private static int onesComplementSum(byte[] buf, int off, int len, int sourceIpv4, int destinationIpv4) {
        long sum = 0;
        sum += (sourceIpv4 >>> 16) + (sourceIpv4 & 0xFFFF);
        sum += (destinationIpv4 >>> 16) + (destinationIpv4 & 0xFFFF);
        sum += PROTOCOL_UDP + len;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            sum += ((buf[off + i] & 0xFF) << 8) | (buf[off + i + 1] & 0xFF);
        }
        if (i < len) {
            sum += (buf[off + i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    private static int fold(int sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
