package org.certvpn.ike.wire;

/** Certificate encodings of the CERT and CERTREQ payloads (RFC 2408 §3.9). */
public final class CertEncoding {
    public static final int PKCS7_WRAPPED_X509 = 1;
    public static final int X509_SIGNATURE = 4;
    public static final int X509_KEY_EXCHANGE = 5;
    public static final int CRL = 7;

    private CertEncoding() {}
}
