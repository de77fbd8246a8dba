package org.certvpn.config;

/** PPP authentication protocols a client may use to prove its user name and password. */
public enum PppAuthMethod {
    /** MS-CHAPv2 (RFC 2759); what Windows insists on. */
    MSCHAP_V2("mschap-v2"),
    /** CHAP with MD5 (RFC 1994); what the seed's {@code require-chap} asked for. */
    CHAP_MD5("chap"),
    /** PAP: the password in clear inside the tunnel. Only when explicitly allowed. */
    PAP("pap");

    private final String keyword;

    PppAuthMethod(String keyword) {
        this.keyword = keyword;
    }

    /** The word used in the native file. */
    public String keyword() {
        return keyword;
    }

    public static PppAuthMethod byKeyword(String word) {
        for (PppAuthMethod m : values()) {
            if (m.keyword.equalsIgnoreCase(word)) {
                return m;
            }
        }
        return null;
    }
}
