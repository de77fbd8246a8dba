package org.certvpn.l2tp.wire;

import java.nio.charset.StandardCharsets;

/**
 * The Result Code AVP of StopCCN and CDN (RFC 2661 §4.4.2): a result code, an optional general
 * error code and an optional error message.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Result Code          |     Error Code (opt)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Error Message ... (opt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param result  the result code; its meaning depends on the message (StopCCN or CDN)
 * @param error   the general error code, or -1 when absent
 * @param message the error message, empty when absent
 */
public record ResultCode(int result, int error, String message) {
    // StopCCN result codes (§4.4.2)
    public static final int STOPCCN_GENERAL_REQUEST = 1;
    public static final int STOPCCN_GENERAL_ERROR = 2;
    public static final int STOPCCN_ALREADY_EXISTS = 3;
    public static final int STOPCCN_NOT_AUTHORIZED = 4;
    public static final int STOPCCN_VERSION_NOT_SUPPORTED = 5;
    public static final int STOPCCN_SHUTTING_DOWN = 6;
    public static final int STOPCCN_FSM_ERROR = 7;
    // CDN result codes (§4.4.2)
    public static final int CDN_LOST_CARRIER = 1;
    public static final int CDN_GENERAL_ERROR = 2;
    public static final int CDN_ADMINISTRATIVE = 3;
    public static final int CDN_NO_FACILITIES_TEMPORARY = 4;
    public static final int CDN_NO_FACILITIES_PERMANENT = 5;
    public static final int CDN_INVALID_DESTINATION = 6;
    public static final int CDN_NO_CARRIER = 7;
    public static final int CDN_BUSY = 8;
    public static final int CDN_NO_DIAL_TONE = 9;
    public static final int CDN_TIMEOUT = 10;
    public static final int CDN_NO_FRAMING = 11;
    // General error codes (§4.4.2)
    public static final int ERROR_NONE = 0;
    public static final int ERROR_NO_CONTROL_CONNECTION = 1;
    public static final int ERROR_LENGTH = 2;
    public static final int ERROR_FIELD_VALUE = 3;
    public static final int ERROR_NO_RESOURCES = 4;
    public static final int ERROR_INVALID_SESSION_ID = 5;
    public static final int ERROR_VENDOR = 6;
    public static final int ERROR_TRY_ANOTHER = 7;
    public static final int ERROR_UNKNOWN_MANDATORY_AVP = 8;

    private static final String[] STOPCCN = {
        "reserved", "general request to clear control connection", "general error", "control channel already exists",
        "requester is not authorized", "protocol version not supported", "requester is being shut down",
        "finite state machine error"
    };
    private static final String[] CDN = {
        "reserved", "loss of carrier", "general error", "administrative reasons",
        "lack of facilities (temporary)", "lack of facilities (permanent)", "invalid destination",
        "no carrier detected", "busy signal", "no dial tone", "not established in time", "no framing detected"
    };
    private static final String[] ERRORS = {
        "no general error", "no control connection exists yet", "length is wrong", "field value out of range",
        "insufficient resources", "session ID invalid", "vendor-specific error", "try another",
        "unknown AVP with the M bit set"
    };

    public ResultCode {
        if (result < 0 || result > 0xFFFF || error < -1 || error > 0xFFFF) {
            throw new IllegalArgumentException("result/error code out of range");
        }
        message = message == null ? "" : message;
    }

    public static ResultCode of(int result) {
        return new ResultCode(result, -1, "");
    }

    public static ResultCode of(int result, int error, String message) {
        return new ResultCode(result, error, message);
    }

    /** Reads a recognized Result Code AVP (at least 2 octets, as the decoder guarantees). */
    public static ResultCode from(Avp avp) {
        byte[] v = avp.value();
        int result = (v[0] & 0xFF) << 8 | v[1] & 0xFF;
        int error = v.length >= 4 ? (v[2] & 0xFF) << 8 | v[3] & 0xFF : -1;
        String message = v.length > 4 ? new String(v, 4, v.length - 4, StandardCharsets.ISO_8859_1) : "";
        return new ResultCode(result, error, message);
    }

    /** The AVP; the error message is only sent with an error code, as the format requires. */
    public Avp toAvp() {
        byte[] msg = error >= 0 ? message.getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
        byte[] v = new byte[(error >= 0 ? 4 : 2) + msg.length];
        v[0] = (byte) (result >>> 8);
        v[1] = (byte) result;
        if (error >= 0) {
            v[2] = (byte) (error >>> 8);
            v[3] = (byte) error;
            System.arraycopy(msg, 0, v, 4, msg.length);
        }
        return Avp.of(AvpType.RESULT_CODE, v);
    }

    /** A readable line, for example "result 2 (general error), error 8 (unknown AVP with the M bit set)". */
    public String describe(MessageType in) {
        String[] names = in.equals(MessageType.CDN) ? CDN : STOPCCN;
        StringBuilder sb = new StringBuilder("result ").append(result);
        if (result < names.length) {
            sb.append(" (").append(names[result]).append(')');
        }
        if (error >= 0) {
            sb.append(", error ").append(error);
            if (error < ERRORS.length) {
                sb.append(" (").append(ERRORS[error]).append(')');
            }
        }
        if (!message.isEmpty()) {
            sb.append(": ").append(message.replaceAll("\\p{Cntrl}", "?"));
        }
        return sb.toString();
    }
}
