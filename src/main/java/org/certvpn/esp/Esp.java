package org.certvpn.esp;

/** ESP wire constants (RFC 4303) and the room callers leave around a payload for {@link EspContext#seal}. */
public final class Esp {
    /** SPI and sequence number. */
    public static final int HEADER_LENGTH = 8;
    /** ESP header plus the largest IV (AES, 16 bytes). */
    public static final int MAX_HEADROOM = HEADER_LENGTH + 16;
    /** Largest padding to a 16-byte block, pad length, next header and the largest ICV (HMAC-SHA2-512-256). */
    public static final int MAX_TAILROOM = 15 + 2 + 32;

    /** IANA protocol numbers used as ESP next header. */
    public static final int NEXT_HEADER_IPV4 = 4;
    public static final int NEXT_HEADER_UDP = 17;
    /** "No next header": a dummy packet for traffic-flow confidentiality (RFC 4303 §2.6). */
    public static final int NEXT_HEADER_NONE = 59;

    /** IP protocol number of ESP, for raw sockets. */
    public static final int IP_PROTOCOL_ESP = 50;
    /** UDP port of IKE with NAT traversal and of ESP-in-UDP (RFC 3948). */
    public static final int NAT_T_PORT = 4500;

    private Esp() {}

    /** Overhead that sealing adds to a payload of {@code payloadLen} bytes under the given algorithms. */
    public static int overhead(org.certvpn.ipsec.EspCipher cipher, org.certvpn.ipsec.EspIntegrity integrity,
            int payloadLen) {
        int bs = cipher.blockSize();
        int padded = (payloadLen + 2 + bs - 1) / bs * bs;
        return HEADER_LENGTH + cipher.ivLength() + (padded - payloadLen) + integrity.icvLength();
    }

    static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
