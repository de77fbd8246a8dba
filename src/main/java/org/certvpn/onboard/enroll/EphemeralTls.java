package org.certvpn.onboard.enroll;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The enrollment server's TLS identity: a self-signed EC P-256 certificate made in memory for the
 * names in the URL, living only as long as the link, never written anywhere.
 *
 * <p>Why not a certificate from the VPN CA: the phone does not trust that CA yet (installing it is
 * what the page is for), so the browser would warn all the same; and the CA key would have to sign
 * TLS server certificates for whatever address an admin types, which phones that later trust the CA
 * would accept for any web site of that name. The browser's warning is expected: what protects the
 * download is the single-use token, and what protects the user is comparing the CA fingerprint on the
 * page with the one the admin's terminal shows.
 *
 * @param context the server-side TLS context
 * @param certificate the certificate browsers are shown
 */
public record EphemeralTls(SSLContext context, X509Certificate certificate) {
    private static final char[] NO_PASSWORD = new char[0];

    /**
     * @param names the URL's host and any other name or address the server is reached by; IP
     *     literals become iPAddress SANs, the rest dNSName
     * @param notAfter when the certificate stops being valid (the link's end, plus its linger time)
     */
    public static EphemeralTls create(List<String> names, Instant now, Instant notAfter, SecureRandom random) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a TLS certificate needs at least one name");
        }
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = gen.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "CertVPN enrollment")
                    .addRDN(BCStyle.CN, names.getFirst())
                    .build();
            byte[] serial = new byte[16];
            random.nextBytes(serial);
            serial[0] &= 0x7f;
            serial[0] |= 0x40;
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(serial),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(notAfter), subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans(names)));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("enrollment", keys.getPrivate(), NO_PASSWORD, new X509Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, random);
            return new EphemeralTls(tls, cert);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the enrollment TLS certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralName[] sans(List<String> names) {
        List<GeneralName> out = new ArrayList<>();
        for (String n : names) {
            GeneralName g = isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n);
            if (!out.contains(g)) {
                out.add(g);
            }
        }
        return out.toArray(GeneralName[]::new);
    }

    static boolean isIpLiteral(String s) {
        if (!s.matches("[0-9.]+") && !s.contains(":")) {
            return false;
        }
        try {
            InetAddress.ofLiteral(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
