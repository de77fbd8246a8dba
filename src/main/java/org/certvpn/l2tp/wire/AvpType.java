package org.certvpn.l2tp.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * An AVP's identity: vendor ID and attribute type (RFC 2661 §4.1). An open value type: any pair
 * can be represented; the IETF attributes of RFC 2661 §4.4 (vendor 0, types 0 to 39) are
 * "known" and carry a {@link Definition} with the value length the RFC prescribes, the M bit we
 * set when sending, and whether the RFC allows hiding them.
 */
public record AvpType(int vendorId, int attribute) {

    /**
     * What RFC 2661 §4.4 says about one attribute.
     *
     * @param name        the RFC name, for traces
     * @param minLength   smallest value length in octets (without the 6-octet AVP header)
     * @param maxLength   largest value length in octets
     * @param mandatory   the M bit the RFC requires when sending it
     * @param mayBeHidden whether the H bit is allowed on it
     */
    public record Definition(String name, int minLength, int maxLength, boolean mandatory, boolean mayBeHidden) {}

    private static final Map<AvpType, Definition> DEFINITIONS = new HashMap<>();
    private static final int ANY = Avp.MAX_VALUE_LENGTH;

    // §4.4.1 AVPs applicable to all control messages
    public static final AvpType MESSAGE_TYPE = define(0, "Message Type", 2, 2, true, false);
    public static final AvpType RANDOM_VECTOR = define(36, "Random Vector", 1, ANY, true, false);
    // §4.4.2 result and error codes
    public static final AvpType RESULT_CODE = define(1, "Result Code", 2, ANY, true, true);
    // §4.4.3 control connection management
    public static final AvpType PROTOCOL_VERSION = define(2, "Protocol Version", 2, 2, true, false);
    public static final AvpType FRAMING_CAPABILITIES = define(3, "Framing Capabilities", 4, 4, true, true);
    public static final AvpType BEARER_CAPABILITIES = define(4, "Bearer Capabilities", 4, 4, true, true);
    public static final AvpType TIE_BREAKER = define(5, "Tie Breaker", 8, 8, false, false);
    public static final AvpType FIRMWARE_REVISION = define(6, "Firmware Revision", 2, 2, false, true);
    public static final AvpType HOST_NAME = define(7, "Host Name", 1, ANY, true, false);
    public static final AvpType VENDOR_NAME = define(8, "Vendor Name", 0, ANY, false, true);
    public static final AvpType ASSIGNED_TUNNEL_ID = define(9, "Assigned Tunnel ID", 2, 2, true, true);
    public static final AvpType RECEIVE_WINDOW_SIZE = define(10, "Receive Window Size", 2, 2, true, false);
    public static final AvpType CHALLENGE = define(11, "Challenge", 1, ANY, true, true);
    public static final AvpType CHALLENGE_RESPONSE = define(13, "Challenge Response", 16, 16, true, true);
    // §4.4.4 call management
    public static final AvpType Q931_CAUSE_CODE = define(12, "Q.931 Cause Code", 3, ANY, true, true);
    public static final AvpType ASSIGNED_SESSION_ID = define(14, "Assigned Session ID", 2, 2, true, true);
    public static final AvpType CALL_SERIAL_NUMBER = define(15, "Call Serial Number", 4, 4, true, true);
    public static final AvpType MINIMUM_BPS = define(16, "Minimum BPS", 4, 4, true, true);
    public static final AvpType MAXIMUM_BPS = define(17, "Maximum BPS", 4, 4, true, true);
    public static final AvpType BEARER_TYPE = define(18, "Bearer Type", 4, 4, true, true);
    public static final AvpType FRAMING_TYPE = define(19, "Framing Type", 4, 4, true, true);
    public static final AvpType CALLED_NUMBER = define(21, "Called Number", 0, ANY, true, true);
    public static final AvpType CALLING_NUMBER = define(22, "Calling Number", 0, ANY, true, true);
    public static final AvpType SUB_ADDRESS = define(23, "Sub-Address", 0, ANY, true, true);
    public static final AvpType TX_CONNECT_SPEED = define(24, "(Tx) Connect Speed", 4, 4, true, true);
    public static final AvpType RX_CONNECT_SPEED = define(38, "Rx Connect Speed", 4, 4, false, true);
    public static final AvpType PHYSICAL_CHANNEL_ID = define(25, "Physical Channel ID", 4, 4, false, true);
    public static final AvpType PRIVATE_GROUP_ID = define(37, "Private Group ID", 0, ANY, false, true);
    public static final AvpType SEQUENCING_REQUIRED = define(39, "Sequencing Required", 0, 0, true, false);
    // §4.4.5 proxy LCP and authentication
    public static final AvpType INITIAL_RECEIVED_LCP_CONFREQ = define(26, "Initial Received LCP CONFREQ", 0, ANY, false, true);
    public static final AvpType LAST_SENT_LCP_CONFREQ = define(27, "Last Sent LCP CONFREQ", 0, ANY, false, true);
    public static final AvpType LAST_RECEIVED_LCP_CONFREQ = define(28, "Last Received LCP CONFREQ", 0, ANY, false, true);
    public static final AvpType PROXY_AUTHEN_TYPE = define(29, "Proxy Authen Type", 2, 2, false, true);
    public static final AvpType PROXY_AUTHEN_NAME = define(30, "Proxy Authen Name", 0, ANY, false, true);
    public static final AvpType PROXY_AUTHEN_CHALLENGE = define(31, "Proxy Authen Challenge", 0, ANY, false, true);
    public static final AvpType PROXY_AUTHEN_ID = define(32, "Proxy Authen ID", 2, 2, false, true);
    public static final AvpType PROXY_AUTHEN_RESPONSE = define(33, "Proxy Authen Response", 0, ANY, false, true);
    // §4.4.6 call status
    public static final AvpType CALL_ERRORS = define(34, "Call Errors", 26, 26, true, true);
    public static final AvpType ACCM = define(35, "ACCM", 10, 10, true, true);

    public AvpType {
        if (vendorId < 0 || vendorId > 0xFFFF || attribute < 0 || attribute > 0xFFFF) {
            throw new IllegalArgumentException("AVP vendor/type out of range: " + vendorId + "/" + attribute);
        }
    }

    private static AvpType define(int attribute, String name, int min, int max, boolean mandatory, boolean mayHide) {
        AvpType t = new AvpType(0, attribute);
        DEFINITIONS.put(t, new Definition(name, min, max, mandatory, mayHide));
        return t;
    }

    /** The type for a wire vendor ID and attribute. */
    public static AvpType valueOf(int vendorId, int attribute) {
        return new AvpType(vendorId, attribute);
    }

    /** True for the IETF attributes RFC 2661 defines. */
    public boolean isKnown() {
        return DEFINITIONS.containsKey(this);
    }

    /** The RFC 2661 definition, or null for an unknown (for example vendor-specific) attribute. */
    public Definition definition() {
        return DEFINITIONS.get(this);
    }

    /** The RFC name, or "vendor v attribute n" for unknown ones. */
    public String name() {
        Definition d = definition();
        return d != null ? d.name() : "vendor " + vendorId + " attribute " + attribute;
    }

    @Override
    public String toString() {
        return name();
    }
}
