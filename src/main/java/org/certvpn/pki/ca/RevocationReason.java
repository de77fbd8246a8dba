package org.certvpn.pki.ca;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * CRL reason codes (RFC 5280 §5.3.1) an admin may give. {@code certificateHold} and {@code removeFromCRL}
 * are left out: a revocation in this CA is final.
 */
public enum RevocationReason {
    UNSPECIFIED("unspecified", 0),
    KEY_COMPROMISE("keyCompromise", 1),
    CA_COMPROMISE("cACompromise", 2),
    AFFILIATION_CHANGED("affiliationChanged", 3),
    SUPERSEDED("superseded", 4),
    CESSATION_OF_OPERATION("cessationOfOperation", 5),
    PRIVILEGE_WITHDRAWN("privilegeWithdrawn", 9);

    private final String rfcName;
    private final int code;

    RevocationReason(String rfcName, int code) {
        this.rfcName = rfcName;
        this.code = code;
    }

    /** The name as RFC 5280 and {@code openssl crl -text} spell it, e.g. {@code keyCompromise}. */
    public String rfcName() {
        return rfcName;
    }

    /** The CRLReason enumeration value. */
    public int code() {
        return code;
    }

    /** Parses an RFC name, case-insensitively; {@code null} when unknown. */
    public static RevocationReason fromName(String name) {
        for (RevocationReason r : values()) {
            if (r.rfcName.equalsIgnoreCase(name)) {
                return r;
            }
        }
        return null;
    }

    /** The accepted names, for error messages and help. */
    public static String names() {
        return Arrays.stream(values()).map(RevocationReason::rfcName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
