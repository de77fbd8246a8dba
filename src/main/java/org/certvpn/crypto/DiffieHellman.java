package org.certvpn.crypto;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Diffie-Hellman for the IKE groups: MODP 1024/1536/2048/3072/4096 (RFC 2409 §6.2, RFC 3526) and ECP
 * 256/384 (RFC 5903). Group parameters come from Bouncy Castle's tables; the arithmetic is
 * {@code BigInteger.modPow} for MODP and Bouncy Castle's constant-time curve code for ECP. This is
 * control-plane work (one agreement per negotiation), not the data path.
 */
public final class DiffieHellman {
    private DiffieHellman() {}

    /** Length of the KE payload data for {@code group}. */
    public static int publicValueLength(DhGroup group) {
        return group.kind() == DhGroup.Kind.MODP ? group.bits() / 8 : 2 * fieldBytes(group);
    }

    /** Length of {@code g^xy}. */
    public static int sharedSecretLength(DhGroup group) {
        return group.kind() == DhGroup.Kind.MODP ? group.bits() / 8 : fieldBytes(group);
    }

    static DhKeyPair generate(DhGroup group, RandomGenerator random) {
        if (group.kind() == DhGroup.Kind.MODP) {
            // Short exponents of twice the group's security strength, as RFC 3526 §8 allows: a 256-bit
            // exponent makes MODP2048 about four times cheaper than a full-length one.
            int bits = group.bits() <= 2048 ? 256 : group.bits() <= 3072 ? 320 : 384;
            BigInteger x;
            do {
                x = randomBits(random, bits);
            } while (x.bitLength() < 2);
            return modp(group, x);
        }
        BigInteger n = curve(group).getN();
        BigInteger d;
        do {
            d = randomBits(random, n.bitLength());
        } while (d.signum() == 0 || d.compareTo(n) >= 0);
        return ecp(group, d);
    }

    /** The key pair with private value {@code privateValue}: for known-answer tests and replays. */
    public static DhKeyPair fromPrivate(DhGroup group, BigInteger privateValue) {
        return group.kind() == DhGroup.Kind.MODP ? modp(group, privateValue) : ecp(group, privateValue);
    }

    private static BigInteger randomBits(RandomGenerator random, int bits) {
        byte[] b = new byte[(bits + 7) / 8];
        random.nextBytes(b);
        int excess = b.length * 8 - bits;
        b[0] &= (byte) (0xff >>> excess);
        return new BigInteger(1, b);
    }

    static byte[] leftPad(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        if (raw.length > length) {
            // Only a sign byte can make it longer.
            return Arrays.copyOfRange(raw, raw.length - length, raw.length);
        }
        byte[] out = new byte[length];
        System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        return out;
    }

    private static DHParameters modpParameters(DhGroup group) {
        return switch (group) {
            case MODP_1024 -> DHStandardGroups.rfc2409_1024;
            case MODP_1536 -> DHStandardGroups.rfc3526_1536;
            case MODP_2048 -> DHStandardGroups.rfc3526_2048;
            case MODP_3072 -> DHStandardGroups.rfc3526_3072;
            case MODP_4096 -> DHStandardGroups.rfc3526_4096;
            default -> throw new IllegalArgumentException(group + " is not a MODP group");
        };
    }

    private static X9ECParameters curve(DhGroup group) {
        return switch (group) {
            case ECP_256 -> CustomNamedCurves.getByName("secp256r1");
            case ECP_384 -> CustomNamedCurves.getByName("secp384r1");
            default -> throw new IllegalArgumentException(group + " is not an ECP group");
        };
    }

    private static int fieldBytes(DhGroup group) {
        return (group.bits() + 7) / 8;
    }

    private static DhKeyPair modp(DhGroup group, BigInteger x) {
        DHParameters params = modpParameters(group);
        BigInteger p = params.getP();
        int length = group.bits() / 8;
        byte[] publicValue = leftPad(params.getG().modPow(x, p), length);
        return new DhKeyPair() {
            @Override
            public DhGroup group() {
                return group;
            }

            @Override
            public byte[] publicValue() {
                return publicValue.clone();
            }

            @Override
            public byte[] sharedSecret(byte[] peer) throws InvalidKeyException {
                if (peer.length != length) {
                    throw new InvalidKeyException(group + " public value of " + peer.length + " bytes, expected " + length);
                }
                BigInteger y = new BigInteger(1, peer);
                // RFC 2631 §2.1.5 style range check: rejects 0, 1 and p-1 (small-subgroup values) and y >= p.
                if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
                    throw new InvalidKeyException(group + " public value out of range");
                }
                return leftPad(y.modPow(x, p), length);
            }
        };
    }

    private static DhKeyPair ecp(DhGroup group, BigInteger d) {
        X9ECParameters params = curve(group);
        ECCurve curve = params.getCurve();
        int field = fieldBytes(group);
        ECPoint q = params.getG().multiply(d).normalize();
        byte[] publicValue = new byte[2 * field];
        System.arraycopy(leftPad(q.getAffineXCoord().toBigInteger(), field), 0, publicValue, 0, field);
        System.arraycopy(leftPad(q.getAffineYCoord().toBigInteger(), field), 0, publicValue, field, field);
        return new DhKeyPair() {
            @Override
            public DhGroup group() {
                return group;
            }

            @Override
            public byte[] publicValue() {
                return publicValue.clone();
            }

            @Override
            public byte[] sharedSecret(byte[] peer) throws InvalidKeyException {
                if (peer.length != 2 * field) {
                    throw new InvalidKeyException(group + " public value of " + peer.length + " bytes, expected "
                            + 2 * field);
                }
                BigInteger x = new BigInteger(1, Arrays.copyOfRange(peer, 0, field));
                BigInteger y = new BigInteger(1, Arrays.copyOfRange(peer, field, 2 * field));
                ECPoint point;
                try {
                    point = curve.validatePoint(x, y);
                } catch (IllegalArgumentException e) {
                    throw new InvalidKeyException(group + " public value is not a point on the curve");
                }
                ECPoint shared = point.multiply(d).normalize();
                if (shared.isInfinity()) {
                    throw new InvalidKeyException(group + " shared point at infinity");
                }
                return leftPad(shared.getAffineXCoord().toBigInteger(), field);
            }
        };
    }
}
