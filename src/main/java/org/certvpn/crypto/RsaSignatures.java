package org.certvpn.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * IKEv1 RSA signatures (RFC 2409 §5.1): PKCS#1 v1.5 type 1 padding over the raw HASH_I/HASH_R, without
 * a DigestInfo (what strongSwan calls SIGN_RSA_EMSA_PKCS1_NULL). The JDK's {@code NONEwithRSA} does
 * exactly this.
 */
public final class RsaSignatures {
    private static final String ALGORITHM = "NONEwithRSA";

    private RsaSignatures() {}

    public static byte[] sign(PrivateKey key, byte[] hash) throws GeneralSecurityException {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(key);
        s.update(hash);
        return s.sign();
    }

    /** True when {@code signature} is {@code key}'s signature over {@code hash}; false for any malformed input. */
    public static boolean verify(PublicKey key, byte[] hash, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(hash);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
