package org.certvpn.crypto;

import java.security.InvalidKeyException;

/**
 * One side's ephemeral Diffie-Hellman key pair in an IKE group. Public values and shared secrets use the
 * fixed-length encodings IKE puts on the wire and into its PRFs: MODP values left-padded to the modulus
 * length (RFC 2409 §5, never {@code BigInteger.toByteArray()} as is), ECP points as {@code x | y} and the
 * shared secret as the x coordinate (RFC 5903 §7), each padded to the field length.
 */
public interface DhKeyPair {
    DhGroup group();

    /** The public value for the KE payload. */
    byte[] publicValue();

    /**
     * The shared secret {@code g^xy} for {@code peerPublicValue}.
     *
     * @throws InvalidKeyException when the peer's value has the wrong length or is not a valid group
     *     element (1 or p-1 for MODP, a point off the curve for ECP)
     */
    byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyException;
}
