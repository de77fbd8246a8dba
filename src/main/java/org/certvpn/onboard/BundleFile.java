package org.certvpn.onboard;

import java.util.Objects;

/**
 * One file of a client bundle.
 *
 * @param name the file name (no directories)
 * @param role what the file is for
 * @param content the bytes
 */
public record BundleFile(String name, Role role, byte[] content) {
    /** What a bundle file is for; the enrollment page links some of them. */
    public enum Role {
        /** The user's key, certificate and CA: PKCS#12. */
        P12(true, "application/x-pkcs12"),
        /** The root certificate alone, PEM, named {@code .crt} for Android's installer. */
        CA_CERTIFICATE(false, "application/x-x509-ca-cert"),
        /** The iOS/macOS configuration profile; it embeds the {@code .p12}. */
        APPLE_PROFILE(true, "application/x-apple-aspen-config"),
        /** The Windows PowerShell script. */
        WINDOWS_SCRIPT(false, "text/plain; charset=utf-8"),
        /** A setup text or the bundle's README. */
        TEXT(false, "text/plain; charset=utf-8");

        private final boolean carriesKey;
        private final String mediaType;

        Role(boolean carriesKey, String mediaType) {
            this.carriesKey = carriesKey;
            this.mediaType = mediaType;
        }

        /** True when the file holds the user's private key, so handing it out must happen at most once. */
        public boolean carriesKey() {
            return carriesKey;
        }

        /** The Content-Type a browser needs to hand the file to the right installer. */
        public String mediaType() {
            return mediaType;
        }
    }

    public BundleFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content without a copy, for writing it out. */
    byte[] contentView() {
        return content;
    }

    @Override
    public String toString() {
        return "BundleFile[" + name + ", " + role + ", " + content.length + " bytes]";
    }
}
