package org.certvpn.pki.ca;

import java.util.Locale;

/** How a client's {@code .p12} is protected. */
public enum P12Profile {
    /**
     * PBE-SHA1-3DES for key and certificates, SHA-1 MAC: what old Android, iOS, macOS and Windows
     * import. The default.
     */
    COMPATIBLE,
    /** PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and an HMAC-SHA256 MAC, as OpenSSL 3 writes by default. */
    MODERN;

    /** Parses {@code compatible} or {@code modern}; {@code null} when unknown. */
    public static P12Profile fromName(String name) {
        for (P12Profile p : values()) {
            if (p.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
