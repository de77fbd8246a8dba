package org.certvpn.crypto;

/**
 * The authentication hashes of RFC 2409 and the NAT-D hash of RFC 3947, as pure functions over the
 * exact payload bytes. {@code *_b} arguments are payload bodies without the generic header.
 */
public final class Ikev1Hashes {
    private Ikev1Hashes() {}

    /** {@code HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)} (§5). */
    public static byte[] hashI(Prf prf, byte[] skeyid, byte[] gxi, byte[] gxr, byte[] ckyI, byte[] ckyR, byte[] saiB,
            byte[] idiiB) {
        return prf.compute(skeyid, gxi, gxr, ckyI, ckyR, saiB, idiiB);
    }

    /** {@code HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)} (§5). */
    public static byte[] hashR(Prf prf, byte[] skeyid, byte[] gxr, byte[] gxi, byte[] ckyR, byte[] ckyI, byte[] saiB,
            byte[] idirB) {
        return prf.compute(skeyid, gxr, gxi, ckyR, ckyI, saiB, idirB);
    }

    /**
     * Quick Mode {@code HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [| KE] [| IDci | IDcr])} (§5.5): the
     * payloads after HASH exactly as sent, generic headers included.
     */
    public static byte[] quickModeHash1(Prf prf, byte[] skeyidA, int messageId, byte[] payloadsAfterHash) {
        return prf.compute(skeyidA, Ikev1KeyDerivation.int32(messageId), payloadsAfterHash);
    }

    /** Quick Mode {@code HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE] [| IDci | IDcr])}. */
    public static byte[] quickModeHash2(Prf prf, byte[] skeyidA, int messageId, byte[] niB, byte[] payloadsAfterHash) {
        return prf.compute(skeyidA, Ikev1KeyDerivation.int32(messageId), niB, payloadsAfterHash);
    }

    /** Quick Mode {@code HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)}. */
    public static byte[] quickModeHash3(Prf prf, byte[] skeyidA, int messageId, byte[] niB, byte[] nrB) {
        return prf.compute(skeyidA, new byte[] {0}, Ikev1KeyDerivation.int32(messageId), niB, nrB);
    }

    /** Informational {@code HASH(1) = prf(SKEYID_a, M-ID | N/D)} (§5.7). */
    public static byte[] informationalHash(Prf prf, byte[] skeyidA, int messageId, byte[] payloadsAfterHash) {
        return prf.compute(skeyidA, Ikev1KeyDerivation.int32(messageId), payloadsAfterHash);
    }

    /** NAT-D: {@code HASH(CKY-I | CKY-R | IP | Port)} with the negotiated hash (RFC 3947 §3.2). */
    public static byte[] natDiscovery(IkeHash hash, byte[] ckyI, byte[] ckyR, byte[] address, int port) {
        return Ikev1KeyDerivation.digest(hash, ckyI, ckyR, address, new byte[] {(byte) (port >>> 8), (byte) port});
    }
}
