package org.certvpn.pki.validation;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates and CRLs made on the fly with Bouncy Castle, for tests; RSA keys are pooled to keep tests fast. */
public final class TestPki {
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    public static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    public static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

    private static final List<KeyPair> POOL = new ArrayList<>();
    private static int next;
    private static long serial = 1000;

    private TestPki() {}

    /** An RSA-2048 key pair; the pool hands out distinct pairs until it wraps at 12. */
    public static synchronized KeyPair keyPair() {
        if (POOL.size() < 12) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, new SecureRandom());
                POOL.add(g.generateKeyPair());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return POOL.getLast();
        }
        return POOL.get(next++ % POOL.size());
    }

    /** A credential: certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {}

    public static Issued root(String dn) {
        KeyPair kp = keyPair();
        return new Issued(build(dn, kp.getPublic(), new X500Name(dn), kp.getPrivate(), true, FROM, TO, nextSerial()),
                kp.getPrivate());
    }

    public static Issued issue(Issued issuer, String dn, boolean ca) {
        return issue(issuer, dn, ca, FROM, TO);
    }

    public static Issued issue(Issued issuer, String dn, boolean ca, Instant from, Instant to) {
        KeyPair kp = keyPair();
        X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        return new Issued(build(dn, kp.getPublic(), issuerName, issuer.key(), ca, from, to, nextSerial()), kp.getPrivate());
    }

    private static synchronized BigInteger nextSerial() {
        return BigInteger.valueOf(serial++);
    }

    private static X509Certificate build(String subject, PublicKey key, X500Name issuer, PrivateKey issuerKey, boolean ca,
            Instant from, Instant to, BigInteger serialNumber) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serialNumber,
                    Date.from(from), Date.from(to), new X500Name(subject), key);
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A revoked entry: serial, when, RFC 5280 reason code. */
    public record Revoked(BigInteger serial, Instant at, int reason) {}

    public static X509CRL crl(Issued issuer, Instant thisUpdate, Instant nextUpdate, Revoked... revoked) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (Revoked r : revoked) {
                b.addCRLEntry(r.serial(), Date.from(r.at()), r.reason());
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuer.key());
            return new JcaX509CRLConverter().getCRL(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
