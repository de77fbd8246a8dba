package org.certvpn.onboard;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Certificate facts as the setup texts and the enrollment page show them. */
public final class Fingerprints {
    private Fingerprints() {}

    /**
     * SHA-256 over the DER certificate as upper-case hex pairs joined by colons, the form Android's
     * certificate details and {@code openssl x509 -fingerprint -sha256} show.
     */
    public static String sha256(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot fingerprint " + cert.getSubjectX500Principal(), e);
        }
    }

    /** The serial in upper-case hex, an even number of digits, as {@code ca list} prints it. */
    public static String serialHex(X509Certificate cert) {
        String hex = cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** The subject's CN, or the whole subject when it has none. */
    public static String commonName(X509Certificate cert) {
        return attribute(cert, BCStyle.CN).orElseGet(() -> cert.getSubjectX500Principal().getName());
    }

    static Optional<String> organization(X509Certificate cert) {
        return attribute(cert, BCStyle.O);
    }

    private static Optional<String> attribute(X509Certificate cert, ASN1ObjectIdentifier type) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        RDN[] rdns = name.getRDNs(type);
        if (rdns.length == 0) {
            return Optional.empty();
        }
        ASN1Encodable value = rdns[rdns.length - 1].getFirst().getValue();
        // The plain text, not the RFC 4514 form with its backslash escapes: this is shown to people.
        return Optional.of(value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value));
    }
}
