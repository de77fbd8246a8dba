package org.certvpn.ppp.wire;

/**
 * PPP Protocol field values (RFC 1661 §2, IANA "PPP DLL Protocol Numbers"). Numbers stay plain
 * {@code int}s so the data path can switch on them; any 16-bit value is representable and unknown
 * ones are named by number.
 */
public final class PppProtocol {
    public static final int IPV4 = 0x0021;
    public static final int VJ_COMPRESSED_TCP = 0x002D;
    public static final int VJ_UNCOMPRESSED_TCP = 0x002F;
    public static final int IPV6 = 0x0057;
    public static final int COMPRESSED_DATAGRAM = 0x00FD;
    public static final int IPCP = 0x8021;
    public static final int IPV6CP = 0x8057;
    public static final int CCP = 0x80FD;
    public static final int LCP = 0xC021;
    public static final int PAP = 0xC023;
    public static final int LQR = 0xC025;
    public static final int CHAP = 0xC223;
    public static final int EAP = 0xC227;

    private PppProtocol() {}

    /**
     * RFC 1661 §2: the least significant bit of the high octet is 0 and of the low octet is 1
     * (values of the form xxxxxxx0 xxxxxxx1).
     */
    public static boolean isWellFormed(int protocol) {
        return (protocol & 0x0100) == 0 && (protocol & 0x0001) == 1 && (protocol & ~0xFFFF) == 0;
    }

    /** Name for traces: "LCP", "IPCP", or "0x8281" for numbers we do not know. */
    public static String name(int protocol) {
        return switch (protocol) {
            case IPV4 -> "IPv4";
            case VJ_COMPRESSED_TCP -> "VJ-compressed-TCP";
            case VJ_UNCOMPRESSED_TCP -> "VJ-uncompressed-TCP";
            case IPV6 -> "IPv6";
            case COMPRESSED_DATAGRAM -> "compressed-datagram";
            case IPCP -> "IPCP";
            case IPV6CP -> "IPV6CP";
            case CCP -> "CCP";
            case LCP -> "LCP";
            case PAP -> "PAP";
            case LQR -> "LQR";
            case CHAP -> "CHAP";
            case EAP -> "EAP";
            default -> String.format("0x%04x", protocol);
        };
    }
}
