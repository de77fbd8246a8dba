package org.certvpn.ppp.wire;

/** Code field values of the RFC 1661 §5 control packet (LCP, IPCP, CCP, ...). Unknown codes stay numbers. */
public final class ControlCode {
    public static final int CONFIGURE_REQUEST = 1;
    public static final int CONFIGURE_ACK = 2;
    public static final int CONFIGURE_NAK = 3;
    public static final int CONFIGURE_REJECT = 4;
    public static final int TERMINATE_REQUEST = 5;
    public static final int TERMINATE_ACK = 6;
    public static final int CODE_REJECT = 7;
    public static final int PROTOCOL_REJECT = 8;
    public static final int ECHO_REQUEST = 9;
    public static final int ECHO_REPLY = 10;
    public static final int DISCARD_REQUEST = 11;
    /** RFC 1570 §2.1. */
    public static final int IDENTIFICATION = 12;
    /** RFC 1570 §2.2. */
    public static final int TIME_REMAINING = 13;

    private ControlCode() {}

    public static String name(int code) {
        return switch (code) {
            case CONFIGURE_REQUEST -> "Configure-Request";
            case CONFIGURE_ACK -> "Configure-Ack";
            case CONFIGURE_NAK -> "Configure-Nak";
            case CONFIGURE_REJECT -> "Configure-Reject";
            case TERMINATE_REQUEST -> "Terminate-Request";
            case TERMINATE_ACK -> "Terminate-Ack";
            case CODE_REJECT -> "Code-Reject";
            case PROTOCOL_REJECT -> "Protocol-Reject";
            case ECHO_REQUEST -> "Echo-Request";
            case ECHO_REPLY -> "Echo-Reply";
            case DISCARD_REQUEST -> "Discard-Request";
            case IDENTIFICATION -> "Identification";
            case TIME_REMAINING -> "Time-Remaining";
            default -> "Code-" + code;
        };
    }
}
