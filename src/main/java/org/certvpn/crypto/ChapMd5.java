package org.certvpn.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The CHAP-MD5 response value of RFC 1994 §4.1: {@code MD5(Identifier | secret | Challenge-Value)}.
 *
 * <p>RFC 1994 publishes no vector; the test builds one from that definition and checks it against an
 * independent MD5 computation.
 */
public final class ChapMd5 {
    /** Length of an MD5 response value. */
    public static final int RESPONSE_LENGTH = 16;

    private ChapMd5() {}

    /** Computes the Response Value for the given CHAP identifier (0-255), shared secret and challenge. */
    public static byte[] response(int identifier, byte[] secret, byte[] challenge) {
        MessageDigest md5 = md5();
        md5.update((byte) identifier);
        md5.update(secret);
        md5.update(challenge);
        return md5.digest();
    }

    /** Checks a received Response Value in constant time. */
    public static boolean verify(int identifier, byte[] secret, byte[] challenge, byte[] receivedResponse) {
        return MessageDigest.isEqual(response(identifier, secret, challenge), receivedResponse);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    }
}
