package org.certvpn.l2tp.wire;

/**
 * The value of the Message Type AVP (RFC 2661 §3.2, §4.4.1). An open value type: codes this
 * implementation does not know are kept as {@code MessageType(n)} instances whose
 * {@link #isKnown()} is false, never rejected by the codec.
 *
 * <p>{@link #ZLB} is not a wire value: it stands for a Zero-Length Body acknowledgement, a control
 * message without any AVP (§5.8).
 */
public record MessageType(int code) {
    /** Start-Control-Connection-Request. */
    public static final MessageType SCCRQ = new MessageType(1);
    /** Start-Control-Connection-Reply. */
    public static final MessageType SCCRP = new MessageType(2);
    /** Start-Control-Connection-Connected. */
    public static final MessageType SCCCN = new MessageType(3);
    /** Stop-Control-Connection-Notification. */
    public static final MessageType STOPCCN = new MessageType(4);
    /** Hello (keepalive). */
    public static final MessageType HELLO = new MessageType(6);
    /** Outgoing-Call-Request. */
    public static final MessageType OCRQ = new MessageType(7);
    /** Outgoing-Call-Reply. */
    public static final MessageType OCRP = new MessageType(8);
    /** Outgoing-Call-Connected. */
    public static final MessageType OCCN = new MessageType(9);
    /** Incoming-Call-Request. */
    public static final MessageType ICRQ = new MessageType(10);
    /** Incoming-Call-Reply. */
    public static final MessageType ICRP = new MessageType(11);
    /** Incoming-Call-Connected. */
    public static final MessageType ICCN = new MessageType(12);
    /** Call-Disconnect-Notify. */
    public static final MessageType CDN = new MessageType(14);
    /** WAN-Error-Notify. */
    public static final MessageType WEN = new MessageType(15);
    /** Set-Link-Info. */
    public static final MessageType SLI = new MessageType(16);
    /** Pseudo type of a control message without AVPs (ZLB ACK); never encoded as a Message Type AVP. */
    public static final MessageType ZLB = new MessageType(-1);

    private static final String[] NAMES = {
        null, "SCCRQ", "SCCRP", "SCCCN", "StopCCN", null, "HELLO", "OCRQ", "OCRP", "OCCN",
        "ICRQ", "ICRP", "ICCN", null, "CDN", "WEN", "SLI"
    };

    public MessageType {
        if (code < -1 || code > 0xFFFF) {
            throw new IllegalArgumentException("message type out of range: " + code);
        }
    }

    /** The message type for a wire code; unknown codes give an instance with {@code isKnown() == false}. */
    public static MessageType valueOf(int code) {
        return new MessageType(code);
    }

    /** True for the message types RFC 2661 defines. */
    public boolean isKnown() {
        return code >= 0 && code < NAMES.length && NAMES[code] != null;
    }

    /** The RFC name, or "ZLB", or "unknown(n)". */
    public String name() {
        if (code == -1) {
            return "ZLB";
        }
        return isKnown() ? NAMES[code] : "unknown(" + code + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
