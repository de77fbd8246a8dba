package org.certvpn.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * RFC 2409 key derivation as pure functions: SKEYID for pre-shared keys and signatures (§5), the
 * derived keys SKEYID_d/a/e, the cipher key with Appendix B expansion, the IVs of Appendix B, and Quick
 * Mode KEYMAT (§5.5). {@code g^xy} must already be the full-length shared secret that
 * {@link DhKeyPair#sharedSecret} returns (left-padded to the modulus or field size).
 */
public final class Ikev1KeyDerivation {
    private Ikev1KeyDerivation() {}

    /** SKEYID for pre-shared keys: {@code prf(pre-shared-key, Ni_b | Nr_b)}. */
    public static byte[] skeyidPreSharedKey(Prf prf, byte[] psk, byte[] ni, byte[] nr) {
        return prf.compute(psk, ni, nr);
    }

    /** SKEYID for signatures: {@code prf(Ni_b | Nr_b, g^xy)}. */
    public static byte[] skeyidSignature(Prf prf, byte[] ni, byte[] nr, byte[] gxy) {
        return prf.compute(concat(ni, nr), gxy);
    }

    /** {@code SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)}. */
    public static byte[] skeyidD(Prf prf, byte[] skeyid, byte[] gxy, byte[] ckyI, byte[] ckyR) {
        return prf.compute(skeyid, gxy, ckyI, ckyR, new byte[] {0});
    }

    /** {@code SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)}. */
    public static byte[] skeyidA(Prf prf, byte[] skeyid, byte[] skeyidD, byte[] gxy, byte[] ckyI, byte[] ckyR) {
        return prf.compute(skeyid, skeyidD, gxy, ckyI, ckyR, new byte[] {1});
    }

    /** {@code SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)}. */
    public static byte[] skeyidE(Prf prf, byte[] skeyid, byte[] skeyidA, byte[] gxy, byte[] ckyI, byte[] ckyR) {
        return prf.compute(skeyid, skeyidA, gxy, ckyI, ckyR, new byte[] {2});
    }

    /**
     * The encryption key from SKEYID_e (Appendix B): its leading bytes when long enough, otherwise
     * {@code K1 | K2 | ...} with {@code K1 = prf(SKEYID_e, 0)} and {@code Kn = prf(SKEYID_e, Kn-1)},
     * truncated. 3DES with SHA1 and AES-256 with SHA1 or MD5 take the expansion.
     */
    public static byte[] cipherKey(Prf prf, byte[] skeyidE, int keyLength) {
        if (skeyidE.length >= keyLength) {
            return Arrays.copyOf(skeyidE, keyLength);
        }
        byte[] out = new byte[keyLength];
        byte[] k = prf.compute(skeyidE, new byte[] {0});
        int filled = 0;
        while (true) {
            int n = Math.min(k.length, keyLength - filled);
            System.arraycopy(k, 0, out, filled, n);
            filled += n;
            if (filled == keyLength) {
                return out;
            }
            k = prf.compute(skeyidE, k);
        }
    }

    /** Phase 1 IV: {@code hash(g^xi | g^xr)} truncated to the block size. */
    public static byte[] phase1Iv(IkeHash hash, byte[] gxi, byte[] gxr, int blockSize) {
        return Arrays.copyOf(digest(hash, gxi, gxr), blockSize);
    }

    /**
     * IV of the first message of a Quick Mode or Informational exchange:
     * {@code hash(last Phase 1 CBC output block | M-ID)} truncated to the block size.
     */
    public static byte[] phase2Iv(IkeHash hash, byte[] lastPhase1Block, int messageId, int blockSize) {
        return Arrays.copyOf(digest(hash, lastPhase1Block, int32(messageId)), blockSize);
    }

    /**
     * Quick Mode KEYMAT (§5.5), expanded to {@code length} bytes:
     * {@code K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)},
     * {@code Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)}.
     *
     * @param gqmxy the Quick Mode DH secret with PFS, or null without
     * @param spi the SPI of the SA this key material is for: the one that RECEIVES the traffic
     */
    public static byte[] keymat(Prf prf, byte[] skeyidD, byte[] gqmxy, int protocol, byte[] spi, byte[] ni, byte[] nr,
            int length) {
        byte[] seed = concat(gqmxy == null ? new byte[0] : gqmxy, new byte[] {(byte) protocol}, spi, ni, nr);
        byte[] out = new byte[length];
        byte[] k = prf.compute(skeyidD, seed);
        int filled = 0;
        while (true) {
            int n = Math.min(k.length, length - filled);
            System.arraycopy(k, 0, out, filled, n);
            filled += n;
            if (filled == length) {
                return out;
            }
            k = prf.compute(skeyidD, k, seed);
        }
    }

    /** A cookie as the 8 bytes it is on the wire. */
    public static byte[] cookie(long cookie) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (cookie >>> (56 - 8 * i));
        }
        return b;
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] digest(IkeHash hash, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(hash.jceDigest());
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE lacks " + hash.jceDigest(), e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
