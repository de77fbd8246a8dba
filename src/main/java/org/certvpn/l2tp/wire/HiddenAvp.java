package org.certvpn.l2tp.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hiding of AVP values (RFC 2661 §4.3), as pure functions.
 *
 * <p>The plain value is first wrapped in the hidden subformat: a 2-octet original length, the
 * original value, then padding. That subformat is cut into 16-octet chunks p1, p2, ... and
 *
 * <pre>
 *   b1 = MD5(AT + S + RV)    c(1) = p1 xor b1
 *   b2 = MD5(S + c(1))       c(2) = p2 xor b2
 *   bi = MD5(S + c(i-1))     c(i) = pi xor bi
 * </pre>
 *
 * where AT is the 2-octet attribute type in network order, S the tunnel's shared secret and RV the
 * value of the Random Vector AVP most recently preceding the hidden AVP in the message. The last
 * chunk may be shorter than 16 octets; the result has the length of the subformat.
 */
public final class HiddenAvp {
    private static final int MD5_LENGTH = 16;

    private HiddenAvp() {}

    /**
     * Hides {@code plain}: builds the subformat with {@code padding} zero octets after the value
     * and encrypts it.
     */
    public static byte[] hide(int attributeType, byte[] secret, byte[] randomVector, byte[] plain, int padding) {
        byte[] sub = new byte[2 + plain.length + padding];
        sub[0] = (byte) (plain.length >>> 8);
        sub[1] = (byte) plain.length;
        System.arraycopy(plain, 0, sub, 2, plain.length);
        MessageDigest md5 = md5();
        byte[] b = firstBlockKey(md5, attributeType, secret, randomVector);
        for (int i = 0; i < sub.length; i++) {
            int j = i % MD5_LENGTH;
            if (i > 0 && j == 0) {
                md5.update(secret);
                md5.update(sub, i - MD5_LENGTH, MD5_LENGTH);
                b = md5.digest();
            }
            sub[i] ^= b[j];
        }
        return sub;
    }

    /**
     * Padding that brings the subformat of a value of {@code valueLength} octets to a multiple of
     * 16, so that the hidden length does not give the original length away.
     */
    public static int paddingFor(int valueLength) {
        int sub = 2 + valueLength;
        return (MD5_LENGTH - sub % MD5_LENGTH) % MD5_LENGTH;
    }

    /**
     * Decrypts a hidden value and returns the whole subformat (original length, value, padding).
     * Callers check the original length against what is there.
     */
    public static byte[] decrypt(int attributeType, byte[] secret, byte[] randomVector, byte[] hidden) {
        byte[] out = new byte[hidden.length];
        MessageDigest md5 = md5();
        byte[] b = firstBlockKey(md5, attributeType, secret, randomVector);
        for (int i = 0; i < hidden.length; i++) {
            int j = i % MD5_LENGTH;
            if (i > 0 && j == 0) {
                md5.update(secret);
                md5.update(hidden, i - MD5_LENGTH, MD5_LENGTH);
                b = md5.digest();
            }
            out[i] = (byte) (hidden[i] ^ b[j]);
        }
        return out;
    }

    private static byte[] firstBlockKey(MessageDigest md5, int attributeType, byte[] secret, byte[] rv) {
        md5.update((byte) (attributeType >>> 8));
        md5.update((byte) attributeType);
        md5.update(secret);
        md5.update(rv);
        return md5.digest();
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
    }
}
