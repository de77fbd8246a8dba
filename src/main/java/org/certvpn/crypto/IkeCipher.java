package org.certvpn.crypto;

/**
 * IKE SA encryption algorithms. IKEv1 numbers are the Encryption Algorithm attribute (RFC 2409
 * Appendix A; AES-CBC = 7 from RFC 3602 §5) with the Key Length attribute for AES; IKEv2 numbers are
 * the ENCR transform IDs (RFC 7296 §3.3.2).
 */
public enum IkeCipher {
    TRIPLE_DES_CBC("DESede/CBC/NoPadding", "DESede", 24, 8, 5, 3, true),
    AES_CBC_128("AES/CBC/NoPadding", "AES", 16, 16, 7, 12, false),
    AES_CBC_192("AES/CBC/NoPadding", "AES", 24, 16, 7, 12, false),
    AES_CBC_256("AES/CBC/NoPadding", "AES", 32, 16, 7, 12, false);

    private final String jceTransformation;
    private final String jceKeyAlgorithm;
    private final int keyLength;
    private final int blockSize;
    private final int ikev1Algorithm;
    private final int ikev2TransformId;
    private final boolean legacy;

    IkeCipher(String jceTransformation, String jceKeyAlgorithm, int keyLength, int blockSize, int ikev1Algorithm,
            int ikev2TransformId, boolean legacy) {
        this.jceTransformation = jceTransformation;
        this.jceKeyAlgorithm = jceKeyAlgorithm;
        this.keyLength = keyLength;
        this.blockSize = blockSize;
        this.ikev1Algorithm = ikev1Algorithm;
        this.ikev2TransformId = ikev2TransformId;
        this.legacy = legacy;
    }

    public String jceTransformation() { return jceTransformation; }
    public String jceKeyAlgorithm() { return jceKeyAlgorithm; }
    /** Key length in bytes. */
    public int keyLength() { return keyLength; }
    public int blockSize() { return blockSize; }
    public int ikev1Algorithm() { return ikev1Algorithm; }
    /** True when the Key Length attribute must be sent and checked (AES). */
    public boolean variableKeyLength() { return ikev1Algorithm == 7; }
    public int ikev2TransformId() { return ikev2TransformId; }
    public boolean legacy() { return legacy; }
}
