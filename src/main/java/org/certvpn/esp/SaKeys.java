package org.certvpn.esp;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/** The key material of one ESP direction, shared by {@link InboundSa} and {@link OutboundSa}. */
abstract sealed class SaKeys permits InboundSa, OutboundSa {
    private static final AtomicInteger SLOT_SEQUENCE = new AtomicInteger();

    final EspCipher cipher;
    final EspIntegrity integrity;
    final SecretKeySpec encryptionKey;
    final IntegrityKey integrityKey;
    /** Spreads SAs over the per-thread cipher caches ({@link CipherCache}). */
    final int cacheHash;
    /** Set once the SA is deleted; from then on no packet is sealed or opened with it. */
    private volatile boolean destroyed;

    SaKeys(EspCipher cipher, EspIntegrity integrity, byte[] encryptionKey, byte[] integrityKey) {
        this.cipher = cipher;
        this.integrity = integrity;
        this.encryptionKey = new SecretKeySpec(encryptionKey, cipher.jceKeyAlgorithm());
        this.integrityKey = new IntegrityKey(integrity, integrityKey);
        this.cacheHash = SLOT_SEQUENCE.getAndIncrement() * 0x9E3779B9;
        checkKeyAccepted(cipher, this.encryptionKey);
        // Both came from ChildSaKeys' accessors (fresh copies); SecretKeySpec and the HMAC pads keep their own.
        java.util.Arrays.fill(encryptionKey, (byte) 0);
        java.util.Arrays.fill(integrityKey, (byte) 0);
    }

    /** A thread's 3DES cipher for checking keys; AES takes any key of the right length. */
    private static final ThreadLocal<Cipher> KEY_CHECKER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(EspCipher.TRIPLE_DES_CBC.jceTransformation());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks 3DES", e);
        }
    });

    /** Fails when the SA is built, not on its first packet, if the JCE refuses the key. */
    private static void checkKeyAccepted(EspCipher cipher, SecretKeySpec key) {
        if (cipher != EspCipher.TRIPLE_DES_CBC) {
            return;
        }
        try {
            KEY_CHECKER.get().init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(new byte[cipher.ivLength()]));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JCE refuses the " + cipher + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Called once the SA is deleted: later seal or open calls refuse it ({@link EspStatus#NO_SA}), and the HMAC
     * key blocks are overwritten with zeros. A thread already inside a packet with this SA ends with an ICV that
     * does not verify, so that packet is dropped, never accepted. The cipher key stays where the JCE holds it:
     * in the {@link SecretKeySpec} (whose {@code destroy()} is not supported) and in the key schedule of a
     * thread's cached {@code Cipher} until that slot is re-keyed.
     */
    public void destroy() {
        destroyed = true;
        java.util.Arrays.fill(integrityKey.innerPad, (byte) 0);
        java.util.Arrays.fill(integrityKey.outerPad, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    public EspCipher cipher() {
        return cipher;
    }

    public EspIntegrity integrity() {
        return integrity;
    }
}
