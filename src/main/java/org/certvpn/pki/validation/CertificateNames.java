package org.certvpn.pki.validation;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.security.auth.x500.X500Principal;

/**
 * Names of certificates as IKE needs them: the exact DER of the subject (an ID_DER_ASN1_DN that Android
 * compares byte for byte with the certificate), and a short readable form for traces.
 */
public final class CertificateNames {
    private CertificateNames() {}

    /**
     * The subject Name exactly as encoded in the certificate's TBSCertificate, never re-encoded:
     * {@code TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer,
     * validity, subject, ... }} (RFC 5280 §4.1).
     */
    public static byte[] exactSubjectDer(X509Certificate cert) {
        byte[] tbs;
        try {
            tbs = cert.getTBSCertificate();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate without a readable TBSCertificate", e);
        }
        int[] outer = header(tbs, 0);
        int pos = outer[0];
        if ((tbs[pos] & 0xff) == 0xa0) {
            pos = skip(tbs, pos);
        }
        for (int i = 0; i < 4; i++) {
            pos = skip(tbs, pos);
        }
        return Arrays.copyOfRange(tbs, pos, skip(tbs, pos));
    }

    /** Readable subject for traces, RFC 2253 order (CN first). */
    public static String subject(X509Certificate cert) {
        return name(cert.getSubjectX500Principal());
    }

    public static String name(X500Principal principal) {
        return principal.getName(X500Principal.RFC2253);
    }

    /** {@code [contentStart, contentEnd]} of the DER element at {@code pos}. */
    private static int[] header(byte[] der, int pos) {
        int p = pos + 1;
        int first = der[p++] & 0xff;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4) {
                throw new IllegalArgumentException("unsupported DER length at " + pos);
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (der[p++] & 0xff);
            }
        }
        if (length < 0 || p + length > der.length) {
            throw new IllegalArgumentException("DER element overruns at " + pos);
        }
        return new int[] {p, p + length};
    }

    private static int skip(byte[] der, int pos) {
        return header(der, pos)[1];
    }
}
