package org.certvpn.gateway;

/**
 * TCP MSS clamping for packets crossing the tunnel (RFC 879, RFC 6691): SYNs carry an MSS no larger than
 * what fits the tunnel's MTU after ESP, UDP, L2TP and PPP overhead, so TCP never depends on path-MTU
 * discovery through a mobile network that drops ICMP. Rewrites in place with an incremental checksum
 * update (RFC 1624); allocation-free; anything it does not understand is left alone.
 */
final class TcpMss {
    private static final int PROTO_TCP = 6;
    private static final int FLAG_SYN = 0x02;
    private static final int OPTION_END = 0;
    private static final int OPTION_NOP = 1;
    private static final int OPTION_MSS = 2;

    private TcpMss() {}

    /**
     * Clamps the MSS option of a TCP SYN in the IPv4 packet {@code buf[off, off+len)} to {@code maxMss}.
     *
     * @return true when the packet was changed
     */
    static boolean clamp(byte[] buf, int off, int len, int maxMss) {
        if (len < 20 || (buf[off + 9] & 0xFF) != PROTO_TCP) {
            return false;
        }
        int ihl = (buf[off] & 0x0F) * 4;
        // Only first fragments carry the TCP header.
        if (ihl < 20 || (((buf[off + 6] & 0x1F) << 8) | (buf[off + 7] & 0xFF)) != 0) {
            return false;
        }
        int tcp = off + ihl;
        if (len < ihl + 20 || (buf[tcp + 13] & FLAG_SYN) == 0) {
            return false;
        }
        int dataOffset = ((buf[tcp + 12] & 0xF0) >>> 4) * 4;
        if (dataOffset < 20 || ihl + dataOffset > len) {
            return false;
        }
        int p = tcp + 20;
        int end = tcp + dataOffset;
        while (p < end) {
            int kind = buf[p] & 0xFF;
            if (kind == OPTION_END) {
                return false;
            }
            if (kind == OPTION_NOP) {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return false;
            }
            int optLen = buf[p + 1] & 0xFF;
            if (optLen < 2 || p + optLen > end) {
                return false;
            }
            if (kind == OPTION_MSS && optLen == 4) {
                int mss = ((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF);
                if (mss <= maxMss) {
                    return false;
                }
                rewrite(buf, tcp, p + 2, (byte) (maxMss >>> 8));
                rewrite(buf, tcp, p + 3, (byte) maxMss);
                return true;
            }
            p += optLen;
        }
        return false;
    }

    /**
     * Replaces one byte of the TCP segment starting at {@code tcp} and updates its checksum. NOPs may put
     * the MSS value at an odd offset, so each byte is fixed up through the 16-bit word that holds it.
     */
    private static void rewrite(byte[] buf, int tcp, int at, byte value) {
        int word = tcp + ((at - tcp) & ~1);
        int oldWord = ((buf[word] & 0xFF) << 8) | (buf[word + 1] & 0xFF);
        buf[at] = value;
        int newWord = ((buf[word] & 0xFF) << 8) | (buf[word + 1] & 0xFF);
        updateChecksum(buf, tcp + 16, oldWord, newWord);
    }

    /** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
    private static void updateChecksum(byte[] buf, int at, int oldValue, int newValue) {
        int hc = ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
        int sum = (~hc & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        int result = ~sum & 0xFFFF;
        buf[at] = (byte) (result >>> 8);
        buf[at + 1] = (byte) result;
    }
}
