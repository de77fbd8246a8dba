package org.certvpn.ike.wire;

/**
 * Phase 2 (IPsec SA) attribute types and values, RFC 2407 §4.5, with the NAT-T encapsulation modes of
 * RFC 3947 §5.1 and of the drafts (private-range numbers 61443/61444).
 */
public final class IpsecAttribute {
    public static final int SA_LIFE_TYPE = 1;
    public static final int SA_LIFE_DURATION = 2;
    public static final int GROUP_DESCRIPTION = 3;
    public static final int ENCAPSULATION_MODE = 4;
    public static final int AUTHENTICATION_ALGORITHM = 5;
    public static final int KEY_LENGTH = 6;
    public static final int KEY_ROUNDS = 7;
    public static final int COMPRESS_DICTIONARY_SIZE = 8;
    public static final int COMPRESS_PRIVATE_ALGORITHM = 9;

    public static final int LIFE_SECONDS = 1;
    public static final int LIFE_KILOBYTES = 2;

    public static final int MODE_TUNNEL = 1;
    public static final int MODE_TRANSPORT = 2;
    public static final int MODE_UDP_TUNNEL_RFC = 3;
    public static final int MODE_UDP_TRANSPORT_RFC = 4;
    public static final int MODE_UDP_TUNNEL_DRAFT = 61443;
    public static final int MODE_UDP_TRANSPORT_DRAFT = 61444;

    /** ESP transform IDs (RFC 2407 §4.4.4). */
    public static final int ESP_DES = 2;
    public static final int ESP_3DES = 3;
    public static final int ESP_NULL = 11;
    public static final int ESP_AES = 12;

    /** IPsec DOI protocol numbers as used in IDs and deletes. */
    public static final int IPPROTO_UDP = 17;

    private IpsecAttribute() {}

    public static String modeName(int mode) {
        return switch (mode) {
            case MODE_TUNNEL -> "tunnel";
            case MODE_TRANSPORT -> "transport";
            case MODE_UDP_TUNNEL_RFC -> "UDP-tunnel";
            case MODE_UDP_TRANSPORT_RFC -> "UDP-transport";
            case MODE_UDP_TUNNEL_DRAFT -> "UDP-tunnel(draft)";
            case MODE_UDP_TRANSPORT_DRAFT -> "UDP-transport(draft)";
            default -> "mode(" + mode + ")";
        };
    }
}
