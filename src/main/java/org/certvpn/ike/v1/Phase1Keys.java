package org.certvpn.ike.v1;

import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.Ikev1KeyDerivation;
import org.certvpn.crypto.Prf;

/** The keys of an ISAKMP SA (RFC 2409 §5): SKEYID and its three children, and the cipher key from SKEYID_e. */
record Phase1Keys(Prf prf, IkeCipher cipher, byte[] skeyid, byte[] skeyidD, byte[] skeyidA, byte[] skeyidE,
        byte[] encryptionKey) {

    static Phase1Keys derive(Prf prf, IkeCipher cipher, byte[] skeyid, byte[] gxy, long ckyI, long ckyR) {
        byte[] ci = Ikev1KeyDerivation.cookie(ckyI);
        byte[] cr = Ikev1KeyDerivation.cookie(ckyR);
        byte[] d = Ikev1KeyDerivation.skeyidD(prf, skeyid, gxy, ci, cr);
        byte[] a = Ikev1KeyDerivation.skeyidA(prf, skeyid, d, gxy, ci, cr);
        byte[] e = Ikev1KeyDerivation.skeyidE(prf, skeyid, a, gxy, ci, cr);
        return new Phase1Keys(prf, cipher, skeyid, d, a, e, Ikev1KeyDerivation.cipherKey(prf, e, cipher.keyLength()));
    }

    @Override
    public String toString() {
        return "Phase1Keys[" + prf + ", " + cipher + "]";
    }
}
