package org.certvpn.esp;

import java.security.DigestException;
import java.security.MessageDigest;
import org.certvpn.ipsec.EspIntegrity;

/** Per-thread HMAC computation over {@link IntegrityKey}s; allocates nothing per call. */
final class Hmac {
    /** Largest digest (SHA-512). */
    static final int MAX_MAC_LENGTH = 64;

    private final MessageDigest[] digests = new MessageDigest[EspIntegrity.values().length];
    private final byte[] inner = new byte[MAX_MAC_LENGTH];

    /** Writes the full HMAC of {@code data[off, off+len)} to {@code out[outOff...]} (room for 64 bytes needed). */
    void mac(IntegrityKey key, byte[] data, int off, int len, byte[] out, int outOff) {
        MessageDigest md = digest(key.algorithm);
        int macLength = IntegrityKey.macLength(key.algorithm);
        try {
            md.update(key.innerPad);
            md.update(data, off, len);
            md.digest(inner, 0, MAX_MAC_LENGTH);
            md.update(key.outerPad);
            md.update(inner, 0, macLength);
            md.digest(out, outOff, MAX_MAC_LENGTH);
        } catch (DigestException e) {
            // Only thrown for an output buffer shorter than the digest, which the sizes above rule out.
            throw new IllegalStateException(e);
        }
    }

    private MessageDigest digest(EspIntegrity algorithm) {
        MessageDigest md = digests[algorithm.ordinal()];
        if (md == null) {
            md = IntegrityKey.newDigest(algorithm);
            digests[algorithm.ordinal()] = md;
        }
        return md;
    }

    /** Compares in time independent of where the first difference is (RFC 4303 §3.4.4 ICV check). */
    static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
