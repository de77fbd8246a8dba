package org.certvpn.crypto;

/**
 * IKEv1 hash algorithms (RFC 2409 Appendix A; SHA2 values from RFC 4868 §4): the negotiated hash is
 * also the PRF (HMAC of it) when no PRF attribute is sent, which is what every real client does.
 */
public enum IkeHash {
    MD5("MD5", "HmacMD5", 16, 1, true),
    SHA1("SHA-1", "HmacSHA1", 20, 2, false),
    SHA2_256("SHA-256", "HmacSHA256", 32, 4, false),
    SHA2_384("SHA-384", "HmacSHA384", 48, 5, false),
    SHA2_512("SHA-512", "HmacSHA512", 64, 6, false);

    private final String jceDigest;
    private final String jceHmac;
    private final int outputLength;
    private final int ikev1Algorithm;
    private final boolean legacy;

    IkeHash(String jceDigest, String jceHmac, int outputLength, int ikev1Algorithm, boolean legacy) {
        this.jceDigest = jceDigest;
        this.jceHmac = jceHmac;
        this.outputLength = outputLength;
        this.ikev1Algorithm = ikev1Algorithm;
        this.legacy = legacy;
    }

    public String jceDigest() { return jceDigest; }
    public String jceHmac() { return jceHmac; }
    /** Digest (and PRF) output length in bytes. */
    public int outputLength() { return outputLength; }
    public int ikev1Algorithm() { return ikev1Algorithm; }
    public boolean legacy() { return legacy; }

    public static IkeHash byIkev1Algorithm(int value) {
        for (IkeHash h : values()) {
            if (h.ikev1Algorithm == value) {
                return h;
            }
        }
        return null;
    }
}
