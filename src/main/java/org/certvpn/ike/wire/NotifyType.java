package org.certvpn.ike.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * Notify message types: errors (RFC 2408 §3.14.1), IPsec DOI status (RFC 2407 §4.6.3) and DPD (RFC 3706).
 * Unknown numbers stay values.
 */
public record NotifyType(int number) {
    private static final Map<Integer, String> NAMES = new HashMap<>();

    public static final NotifyType INVALID_PAYLOAD_TYPE = define(1, "INVALID-PAYLOAD-TYPE");
    public static final NotifyType DOI_NOT_SUPPORTED = define(2, "DOI-NOT-SUPPORTED");
    public static final NotifyType SITUATION_NOT_SUPPORTED = define(3, "SITUATION-NOT-SUPPORTED");
    public static final NotifyType INVALID_COOKIE = define(4, "INVALID-COOKIE");
    public static final NotifyType INVALID_MAJOR_VERSION = define(5, "INVALID-MAJOR-VERSION");
    public static final NotifyType INVALID_EXCHANGE_TYPE = define(7, "INVALID-EXCHANGE-TYPE");
    public static final NotifyType INVALID_FLAGS = define(8, "INVALID-FLAGS");
    public static final NotifyType INVALID_MESSAGE_ID = define(9, "INVALID-MESSAGE-ID");
    public static final NotifyType INVALID_PROTOCOL_ID = define(10, "INVALID-PROTOCOL-ID");
    public static final NotifyType INVALID_SPI = define(11, "INVALID-SPI");
    public static final NotifyType INVALID_TRANSFORM_ID = define(12, "INVALID-TRANSFORM-ID");
    public static final NotifyType ATTRIBUTES_NOT_SUPPORTED = define(13, "ATTRIBUTES-NOT-SUPPORTED");
    public static final NotifyType NO_PROPOSAL_CHOSEN = define(14, "NO-PROPOSAL-CHOSEN");
    public static final NotifyType PAYLOAD_MALFORMED = define(16, "PAYLOAD-MALFORMED");
    public static final NotifyType INVALID_KEY_INFORMATION = define(17, "INVALID-KEY-INFORMATION");
    public static final NotifyType INVALID_ID_INFORMATION = define(18, "INVALID-ID-INFORMATION");
    public static final NotifyType INVALID_CERT_ENCODING = define(19, "INVALID-CERT-ENCODING");
    public static final NotifyType INVALID_CERTIFICATE = define(20, "INVALID-CERTIFICATE");
    public static final NotifyType CERT_TYPE_UNSUPPORTED = define(21, "CERT-TYPE-UNSUPPORTED");
    public static final NotifyType INVALID_CERT_AUTHORITY = define(22, "INVALID-CERT-AUTHORITY");
    public static final NotifyType INVALID_HASH_INFORMATION = define(23, "INVALID-HASH-INFORMATION");
    public static final NotifyType AUTHENTICATION_FAILED = define(24, "AUTHENTICATION-FAILED");
    public static final NotifyType INVALID_SIGNATURE = define(25, "INVALID-SIGNATURE");
    public static final NotifyType CERTIFICATE_UNAVAILABLE = define(28, "CERTIFICATE-UNAVAILABLE");
    public static final NotifyType CONNECTED = define(16384, "CONNECTED");
    public static final NotifyType RESPONDER_LIFETIME = define(24576, "RESPONDER-LIFETIME");
    public static final NotifyType REPLAY_STATUS = define(24577, "REPLAY-STATUS");
    public static final NotifyType INITIAL_CONTACT = define(24578, "INITIAL-CONTACT");
    public static final NotifyType R_U_THERE = define(36136, "R-U-THERE");
    public static final NotifyType R_U_THERE_ACK = define(36137, "R-U-THERE-ACK");

    public NotifyType {
        if (number < 0 || number > 0xffff) {
            throw new IllegalArgumentException("notify type out of range: " + number);
        }
    }

    private static NotifyType define(int number, String name) {
        NAMES.put(number, name);
        return new NotifyType(number);
    }

    public static NotifyType valueOf(int number) {
        return new NotifyType(number);
    }

    /** Types below 8192 report errors (RFC 2408 §3.14.1). */
    public boolean isError() {
        return number < 8192;
    }

    @Override
    public String toString() {
        String name = NAMES.get(number);
        return name != null ? name : "UNKNOWN(" + number + ")";
    }
}
