package org.certvpn.esp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.certvpn.ipsec.EspIntegrity;

/**
 * One direction's HMAC key (RFC 2104), kept as the two padded key blocks so that a packet costs the hash
 * of {@code ipad || data} and of {@code opad || inner} and nothing else.
 *
 * <p>HMAC is built here on the JDK's {@link MessageDigest} rather than {@code javax.crypto.Mac} because
 * {@code Mac.doFinal} allocates its result on every call, while {@code MessageDigest.digest(byte[], int, int)}
 * writes into a caller's buffer; the digests run on the same intrinsics either way. The construction is
 * checked against RFC 2202, RFC 4231/4868 vectors and against {@code Mac} itself.
 */
final class IntegrityKey {
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    final EspIntegrity algorithm;
    final byte[] innerPad;
    final byte[] outerPad;

    IntegrityKey(EspIntegrity algorithm, byte[] key) {
        this.algorithm = algorithm;
        int blockSize = blockSize(algorithm);
        byte[] k = key;
        if (k.length > blockSize) {
            k = newDigest(algorithm).digest(k);
        }
        innerPad = new byte[blockSize];
        outerPad = new byte[blockSize];
        Arrays.fill(innerPad, IPAD);
        Arrays.fill(outerPad, OPAD);
        for (int i = 0; i < k.length; i++) {
            innerPad[i] ^= k[i];
            outerPad[i] ^= k[i];
        }
        if (k != key) {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Full (untruncated) HMAC output length in bytes. */
    static int macLength(EspIntegrity algorithm) {
        return switch (algorithm) {
            case HMAC_MD5_96 -> 16;
            case HMAC_SHA1_96 -> 20;
            case HMAC_SHA2_256_128 -> 32;
            case HMAC_SHA2_384_192 -> 48;
            case HMAC_SHA2_512_256 -> 64;
        };
    }

    static int blockSize(EspIntegrity algorithm) {
        return switch (algorithm) {
            case HMAC_MD5_96, HMAC_SHA1_96, HMAC_SHA2_256_128 -> 64;
            case HMAC_SHA2_384_192, HMAC_SHA2_512_256 -> 128;
        };
    }

    static MessageDigest newDigest(EspIntegrity algorithm) {
        String name = switch (algorithm) {
            case HMAC_MD5_96 -> "MD5";
            case HMAC_SHA1_96 -> "SHA-1";
            case HMAC_SHA2_256_128 -> "SHA-256";
            case HMAC_SHA2_384_192 -> "SHA-384";
            case HMAC_SHA2_512_256 -> "SHA-512";
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }
}
