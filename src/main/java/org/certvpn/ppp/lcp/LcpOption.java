package org.certvpn.ppp.lcp;

/** LCP Configuration Option types, RFC 1661 §6 (and IANA's registry for names of the others). */
public final class LcpOption {
    public static final int MAXIMUM_RECEIVE_UNIT = 1;
    public static final int ASYNC_CONTROL_CHARACTER_MAP = 2;
    public static final int AUTHENTICATION_PROTOCOL = 3;
    public static final int QUALITY_PROTOCOL = 4;
    public static final int MAGIC_NUMBER = 5;
    public static final int PROTOCOL_FIELD_COMPRESSION = 7;
    public static final int ADDRESS_AND_CONTROL_FIELD_COMPRESSION = 8;
    /** RFC 1570 §2.3; Windows asks for it (with CBCP) and must be refused. */
    public static final int CALLBACK = 13;
    /** RFC 1990 multilink options, which Windows may ask for. */
    public static final int MULTILINK_MRRU = 17;
    public static final int MULTILINK_SHORT_SEQUENCE = 18;
    public static final int ENDPOINT_DISCRIMINATOR = 19;

    /** RFC 1661 §6.1: the MRU every implementation must accept. */
    public static final int DEFAULT_MRU = 1500;
    /** The smallest MRU we agree to (pppd's MINMRU). */
    public static final int MIN_MRU = 128;

    private LcpOption() {}

    public static String name(int type) {
        return switch (type) {
            case MAXIMUM_RECEIVE_UNIT -> "MRU";
            case ASYNC_CONTROL_CHARACTER_MAP -> "ACCM";
            case AUTHENTICATION_PROTOCOL -> "Auth-Protocol";
            case QUALITY_PROTOCOL -> "Quality-Protocol";
            case MAGIC_NUMBER -> "Magic-Number";
            case PROTOCOL_FIELD_COMPRESSION -> "PFC";
            case ADDRESS_AND_CONTROL_FIELD_COMPRESSION -> "ACFC";
            case CALLBACK -> "Callback";
            case MULTILINK_MRRU -> "MRRU";
            case MULTILINK_SHORT_SEQUENCE -> "Short-Sequence";
            case ENDPOINT_DISCRIMINATOR -> "Endpoint-Discriminator";
            default -> "option-" + type;
        };
    }
}
