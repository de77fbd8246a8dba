package org.certvpn.ipsec;

/**
 * ESP encryption transforms CertVPN negotiates, with the numbers IKEv1 (RFC 2407 §4.4.4) and IKEv2
 * (RFC 7296 §3.3.2) use for them.
 */
public enum EspCipher {
    TRIPLE_DES_CBC("DESede/CBC/NoPadding", "DESede", 24, 8, 8, 3, 3, true),
    AES_CBC_128("AES/CBC/NoPadding", "AES", 16, 16, 16, 12, 12, false),
    AES_CBC_192("AES/CBC/NoPadding", "AES", 24, 16, 16, 12, 12, false),
    AES_CBC_256("AES/CBC/NoPadding", "AES", 32, 16, 16, 12, 12, false);

    private final String jceTransformation;
    private final String jceKeyAlgorithm;
    private final int keyLength;
    private final int blockSize;
    private final int ivLength;
    private final int ikev1TransformId;
    private final int ikev2TransformId;
    private final boolean legacy;

    EspCipher(String jceTransformation, String jceKeyAlgorithm, int keyLength, int blockSize, int ivLength,
            int ikev1TransformId, int ikev2TransformId, boolean legacy) {
        this.jceTransformation = jceTransformation;
        this.jceKeyAlgorithm = jceKeyAlgorithm;
        this.keyLength = keyLength;
        this.blockSize = blockSize;
        this.ivLength = ivLength;
        this.ikev1TransformId = ikev1TransformId;
        this.ikev2TransformId = ikev2TransformId;
        this.legacy = legacy;
    }

    public String jceTransformation() { return jceTransformation; }
    public String jceKeyAlgorithm() { return jceKeyAlgorithm; }
    /** Key length in bytes. */
    public int keyLength() { return keyLength; }
    public int blockSize() { return blockSize; }
    public int ivLength() { return ivLength; }
    /** IPSEC transform identifier (ESP_3DES = 3, ESP_AES = 12; AES needs the key length attribute). */
    public int ikev1TransformId() { return ikev1TransformId; }
    public int ikev2TransformId() { return ikev2TransformId; }
    /** Part of the "legacy clients" set (see {@code docs/ARCHITECTURE.md}): kept for old phones, easy to turn off. */
    public boolean legacy() { return legacy; }
}
