package org.certvpn.config;

/** How clients authenticate IKE (phase 1) on a connection. */
public enum AuthMethod {
    /** RSA/ECDSA signatures with X.509 certificates ({@code authby=rsasig}). */
    CERTIFICATE("certificate"),
    /** Pre-shared key ({@code authby=secret}). */
    PSK("psk");

    private final String keyword;

    AuthMethod(String keyword) {
        this.keyword = keyword;
    }

    /** The word used in the native file. */
    public String keyword() {
        return keyword;
    }
}
