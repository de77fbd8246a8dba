package org.certvpn.pki.ca;

/** What a certificate in the index is for. */
public enum CertKind {
    /** The self-signed root. */
    CA,
    /** The gateway's certificate (EKU serverAuth + IKE intermediate). */
    SERVER,
    /** A per-user certificate (EKU clientAuth). */
    CLIENT;

    String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static CertKind fromToken(String token) {
        for (CertKind k : values()) {
            if (k.token().equals(token)) {
                return k;
            }
        }
        return null;
    }
}
