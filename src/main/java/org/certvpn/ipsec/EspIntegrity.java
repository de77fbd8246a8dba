package org.certvpn.ipsec;

/**
 * ESP integrity transforms with truncated ICVs: RFC 2403/2404 (96-bit), RFC 4868 (half the hash).
 * Numbers are the IKEv1 authentication-algorithm attribute (RFC 2407 §4.5) and the IKEv2 transform IDs.
 */
public enum EspIntegrity {
    HMAC_MD5_96("HmacMD5", 16, 12, 1, 1, true),
    HMAC_SHA1_96("HmacSHA1", 20, 12, 2, 2, false),
    HMAC_SHA2_256_128("HmacSHA256", 32, 16, 5, 12, false),
    HMAC_SHA2_384_192("HmacSHA384", 48, 24, 6, 13, false),
    HMAC_SHA2_512_256("HmacSHA512", 64, 32, 7, 14, false);

    private final String jceAlgorithm;
    private final int keyLength;
    private final int icvLength;
    private final int ikev1AuthAlgorithm;
    private final int ikev2TransformId;
    private final boolean legacy;

    EspIntegrity(String jceAlgorithm, int keyLength, int icvLength, int ikev1AuthAlgorithm, int ikev2TransformId,
            boolean legacy) {
        this.jceAlgorithm = jceAlgorithm;
        this.keyLength = keyLength;
        this.icvLength = icvLength;
        this.ikev1AuthAlgorithm = ikev1AuthAlgorithm;
        this.ikev2TransformId = ikev2TransformId;
        this.legacy = legacy;
    }

    public String jceAlgorithm() { return jceAlgorithm; }
    /** Key length in bytes. */
    public int keyLength() { return keyLength; }
    /** Truncated ICV length in bytes. */
    public int icvLength() { return icvLength; }
    public int ikev1AuthAlgorithm() { return ikev1AuthAlgorithm; }
    public int ikev2TransformId() { return ikev2TransformId; }
    public boolean legacy() { return legacy; }
}
