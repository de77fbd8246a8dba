package org.certvpn.l2tp.wire;

import java.security.MessageDigest;

/**
 * Tunnel authentication digests (RFC 2661 §4.4.3 Challenge Response, §5.1.1): a CHAP-like
 * {@code MD5(type | secret | challenge)} where {@code type} is the one-octet Message Type of the
 * message carrying the response: 2 in SCCRP (answering the LAC's challenge), 3 in SCCCN
 * (answering the LNS's challenge).
 */
public final class TunnelAuthentication {
    /** Length of a Challenge Response value. */
    public static final int RESPONSE_LENGTH = 16;

    private TunnelAuthentication() {}

    /** The Challenge Response a message of type {@code carriedIn} must hold for {@code challenge}. */
    public static byte[] response(MessageType carriedIn, byte[] secret, byte[] challenge) {
        MessageDigest md5 = HiddenAvp.md5();
        md5.update((byte) carriedIn.code());
        md5.update(secret);
        md5.update(challenge);
        return md5.digest();
    }

    /** Constant-time comparison of a received response with the expected one. */
    public static boolean verify(MessageType carriedIn, byte[] secret, byte[] challenge, byte[] received) {
        return MessageDigest.isEqual(response(carriedIn, secret, challenge), received);
    }
}
