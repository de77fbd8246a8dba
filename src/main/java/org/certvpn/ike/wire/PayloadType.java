package org.certvpn.ike.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * ISAKMP payload type numbers (RFC 2408 §3.1, NAT-T RFC 3947 §3 and its drafts, Cisco/Microsoft IKE
 * fragmentation). An open value: numbers CertVPN does not know stay values ({@code UNKNOWN(n)}), so a
 * peer's private payloads never crash the decoder.
 */
public record PayloadType(int number) {
    private static final Map<Integer, String> NAMES = new HashMap<>();

    public static final PayloadType NONE = define(0, "NONE");
    public static final PayloadType SECURITY_ASSOCIATION = define(1, "SA");
    public static final PayloadType PROPOSAL = define(2, "P");
    public static final PayloadType TRANSFORM = define(3, "T");
    public static final PayloadType KEY_EXCHANGE = define(4, "KE");
    public static final PayloadType IDENTIFICATION = define(5, "ID");
    public static final PayloadType CERTIFICATE = define(6, "CERT");
    public static final PayloadType CERTIFICATE_REQUEST = define(7, "CERTREQ");
    public static final PayloadType HASH = define(8, "HASH");
    public static final PayloadType SIGNATURE = define(9, "SIG");
    public static final PayloadType NONCE = define(10, "NONCE");
    public static final PayloadType NOTIFICATION = define(11, "N");
    public static final PayloadType DELETE = define(12, "D");
    public static final PayloadType VENDOR_ID = define(13, "VID");
    /** RFC 3947 numbering. */
    public static final PayloadType NAT_D = define(20, "NAT-D");
    public static final PayloadType NAT_OA = define(21, "NAT-OA");
    /** draft-ietf-ipsec-nat-t-ike-02/03 numbering, from the private range. */
    public static final PayloadType NAT_D_DRAFT = define(130, "NAT-D(draft)");
    public static final PayloadType NAT_OA_DRAFT = define(131, "NAT-OA(draft)");
    /** Cisco/Microsoft IKE fragment, as racoon and strongSwan send it. */
    public static final PayloadType FRAGMENT = define(132, "FRAG");

    public PayloadType {
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("payload type out of range: " + number);
        }
    }

    private static PayloadType define(int number, String name) {
        NAMES.put(number, name);
        return new PayloadType(number);
    }

    public static PayloadType valueOf(int number) {
        return new PayloadType(number);
    }

    public boolean known() {
        return NAMES.containsKey(number);
    }

    public boolean isNatD() {
        return number == NAT_D.number || number == NAT_D_DRAFT.number;
    }

    public boolean isNatOa() {
        return number == NAT_OA.number || number == NAT_OA_DRAFT.number;
    }

    @Override
    public String toString() {
        String name = NAMES.get(number);
        return name != null ? name : "UNKNOWN(" + number + ")";
    }
}
