package org.certvpn.ppp.ipcp;

import org.certvpn.common.Hex;
import org.certvpn.ppp.wire.ConfigOption;

/** IPCP Configuration Option types, RFC 1332 §3 and RFC 1877 §1. */
public final class IpcpOption {
    /** RFC 1172, deprecated by RFC 1332. */
    public static final int IP_ADDRESSES = 1;
    public static final int IP_COMPRESSION_PROTOCOL = 2;
    public static final int IP_ADDRESS = 3;
    /** RFC 2290. */
    public static final int MOBILE_IPV4 = 4;
    public static final int PRIMARY_DNS = 129;
    public static final int PRIMARY_NBNS = 130;
    public static final int SECONDARY_DNS = 131;
    public static final int SECONDARY_NBNS = 132;

    private IpcpOption() {}

    public static String name(int type) {
        return switch (type) {
            case IP_ADDRESSES -> "IP-Addresses";
            case IP_COMPRESSION_PROTOCOL -> "IP-Compression-Protocol";
            case IP_ADDRESS -> "IP-Address";
            case MOBILE_IPV4 -> "Mobile-IPv4";
            case PRIMARY_DNS -> "Primary-DNS";
            case PRIMARY_NBNS -> "Primary-NBNS";
            case SECONDARY_DNS -> "Secondary-DNS";
            case SECONDARY_NBNS -> "Secondary-NBNS";
            default -> "option-" + type;
        };
    }

    /** One option for traces: addresses as dotted quads, the rest as hex. */
    public static String describe(ConfigOption o) {
        boolean address = o.type() == IP_ADDRESS || (o.type() >= PRIMARY_DNS && o.type() <= SECONDARY_NBNS);
        if (address && o.dataLength() == 4) {
            int a = o.intValue();
            return name(o.type()) + "=" + (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "."
                    + (a & 0xFF);
        }
        return name(o.type()) + (o.dataLength() == 0 ? "" : "=" + Hex.encode(o.data()));
    }

    /** The RFC 1877 option that carries the n-th (0 or 1) DNS or NBNS server. */
    static int serverOption(boolean dns, int index) {
        if (dns) {
            return index == 0 ? PRIMARY_DNS : SECONDARY_DNS;
        }
        return index == 0 ? PRIMARY_NBNS : SECONDARY_NBNS;
    }
}
