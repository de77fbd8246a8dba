package org.certvpn.crypto;

import java.security.GeneralSecurityException;
import java.util.EnumMap;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * CBC encryption of IKEv1 message bodies (RFC 2409 Appendix B). Padding is the caller's: IKEv1 pads the
 * payload chain to the block size before encryption and the ISAKMP header length covers the padding.
 */
public final class IkeEncryption {
    /**
     * One {@code Cipher} per thread and algorithm, keyed anew for each message: looking up the provider's
     * implementation ({@code Cipher.getInstance}) cost ~3% of a shard's CPU per connect in the load test.
     */
    private static final ThreadLocal<EnumMap<IkeCipher, Cipher>> CIPHERS =
            ThreadLocal.withInitial(() -> new EnumMap<>(IkeCipher.class));

    private IkeEncryption() {}

    public static byte[] encrypt(IkeCipher cipher, byte[] key, byte[] iv, byte[] plaintext) {
        return run(Cipher.ENCRYPT_MODE, cipher, key, iv, plaintext, 0, plaintext.length);
    }

    /** Decrypts {@code data[offset, offset+length)}; the length must be a whole number of blocks. */
    public static byte[] decrypt(IkeCipher cipher, byte[] key, byte[] iv, byte[] data, int offset, int length) {
        return run(Cipher.DECRYPT_MODE, cipher, key, iv, data, offset, length);
    }

    private static byte[] run(int mode, IkeCipher cipher, byte[] key, byte[] iv, byte[] data, int offset, int length) {
        if (length % cipher.blockSize() != 0) {
            throw new IllegalArgumentException(length + " bytes is not a multiple of the " + cipher.blockSize()
                    + "-byte block");
        }
        if (key.length != cipher.keyLength() || iv.length != cipher.blockSize()) {
            throw new IllegalArgumentException("key or IV length does not fit " + cipher);
        }
        try {
            EnumMap<IkeCipher, Cipher> ciphers = CIPHERS.get();
            Cipher c = ciphers.get(cipher);
            if (c == null) {
                c = Cipher.getInstance(cipher.jceTransformation());
                ciphers.put(cipher, c);
            }
            c.init(mode, new SecretKeySpec(key, cipher.jceKeyAlgorithm()), new IvParameterSpec(iv));
            return c.doFinal(data, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE cannot run " + cipher, e);
        }
    }
}
