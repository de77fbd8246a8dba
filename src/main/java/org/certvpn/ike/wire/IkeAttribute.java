package org.certvpn.ike.wire;

/** Phase 1 (ISAKMP SA) attribute types and values, RFC 2409 Appendix A. */
public final class IkeAttribute {
    public static final int ENCRYPTION_ALGORITHM = 1;
    public static final int HASH_ALGORITHM = 2;
    public static final int AUTHENTICATION_METHOD = 3;
    public static final int GROUP_DESCRIPTION = 4;
    public static final int GROUP_TYPE = 5;
    public static final int LIFE_TYPE = 11;
    public static final int LIFE_DURATION = 12;
    public static final int PRF = 13;
    public static final int KEY_LENGTH = 14;

    public static final int AUTH_PRE_SHARED_KEY = 1;
    public static final int AUTH_DSS_SIGNATURES = 2;
    public static final int AUTH_RSA_SIGNATURES = 3;
    public static final int AUTH_RSA_ENCRYPTION = 4;
    public static final int AUTH_REVISED_RSA_ENCRYPTION = 5;
    /** XAUTH variants from the private range (draft-ietf-ipsec-isakmp-xauth). */
    public static final int AUTH_XAUTH_INIT_PSK = 65001;
    public static final int AUTH_XAUTH_INIT_RSA = 65005;

    public static final int LIFE_SECONDS = 1;
    public static final int LIFE_KILOBYTES = 2;

    private IkeAttribute() {}

    public static String authMethodName(int method) {
        return switch (method) {
            case AUTH_PRE_SHARED_KEY -> "PSK";
            case AUTH_DSS_SIGNATURES -> "DSS";
            case AUTH_RSA_SIGNATURES -> "RSA-SIG";
            case AUTH_RSA_ENCRYPTION -> "RSA-ENC";
            case AUTH_REVISED_RSA_ENCRYPTION -> "RSA-ENC-REV";
            default -> method >= 65001 && method <= 65010 ? "XAUTH(" + method + ")" : "AUTH(" + method + ")";
        };
    }
}
