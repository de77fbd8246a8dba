package org.certvpn.pki.ca;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Builds the CA's objects in memory: certificates, CRLs, encrypted keys and PKCS#12 files. Pure
 * functions of their inputs plus the injected randomness; nothing here touches the store.
 */
final class Signer {
    /** Bouncy Castle as a private provider instance, for the PBE schemes the JDK does not offer. */
    private static final Provider BC = new BouncyCastleProvider();
    /** IKE intermediate (RFC 4945 §5.1.3.12 mentions it; Windows and macOS want it on an IPsec server). */
    static final KeyPurposeId IKE_INTERMEDIATE = KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.3.6.1.5.5.8.2.2"));
    /** PKCS#12 rounds: OpenSSL's long-standing default, which every phone imports without stalling. */
    private static final int P12_COMPATIBLE_ITERATIONS = 2048;
    private static final int P12_MODERN_ITERATIONS = 10_000;

    private final X509Certificate caCert;
    private final PrivateKey caKey;
    private final SecureRandom random;

    Signer(X509Certificate caCert, PrivateKey caKey, SecureRandom random) {
        this.caCert = caCert;
        this.caKey = caKey;
        this.random = random;
    }

    /** The self-signed root: BasicConstraints critical CA:TRUE, KeyUsage critical keyCertSign|cRLSign, SKI and AKI. */
    static X509Certificate selfSigned(X500Name subject, KeyPair keys, BigInteger serial, Instant notBefore,
            Instant notAfter, SecureRandom random) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            SubjectKeyIdentifier ski = ext.createSubjectKeyIdentifier(keys.getPublic());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ski);
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(keys.getPublic()));
            return toCertificate(b, signer(keys.getPrivate(), random));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    /**
     * The gateway's certificate, issued directly by the root: SAN dNSName = FQDN, and for each address
     * both an iPAddress (Android matches an IP server address there) and a dNSName holding the address
     * text (Windows matches there); EKU serverAuth + IKE intermediate.
     */
    X509Certificate server(X500Name subject, PublicKey key, BigInteger serial, Instant notBefore, Instant notAfter,
            String fqdn, List<InetAddress> addresses) {
        List<GeneralName> san = new ArrayList<>();
        san.add(new GeneralName(GeneralName.dNSName, fqdn));
        for (InetAddress a : addresses) {
            san.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(a.getAddress())));
            Names.addressAsDnsName(a).ifPresent(text -> san.add(new GeneralName(GeneralName.dNSName, text)));
        }
        return endEntity(subject, key, serial, notBefore, notAfter,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, IKE_INTERMEDIATE}),
                new GeneralNames(san.toArray(GeneralName[]::new)));
    }

    /** A per-user certificate: EKU clientAuth. */
    X509Certificate client(X500Name subject, PublicKey key, BigInteger serial, Instant notBefore, Instant notAfter) {
        return endEntity(subject, key, serial, notBefore, notAfter,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth), null);
    }

    private X509Certificate endEntity(X500Name subject, PublicKey key, BigInteger serial, Instant notBefore,
            Instant notAfter, ExtendedKeyUsage eku, GeneralNames san) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer(), serial, Date.from(notBefore),
                    Date.from(notAfter), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = key.getAlgorithm().equals("RSA")
                    ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                    : KeyUsage.digitalSignature;
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, eku);
            if (san != null) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId());
            return toCertificate(b, signer(caKey, random));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a certificate", e);
        }
    }

    /** A CRL listing every revoked entry, with a CRL number and nextUpdate (RFC 5280 §5.1.2.5, §5.2.3). */
    X509CRL crl(BigInteger number, Instant thisUpdate, Instant nextUpdate, List<IndexEntry> entries) {
        try {
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(caCert.getSubjectX500Principal(), Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (IndexEntry e : entries) {
                if (e.revocation().isEmpty()) {
                    continue;
                }
                IndexEntry.Revocation r = e.revocation().get();
                // RFC 5280 §5.3.1: the reason code "unspecified" SHOULD be left out.
                Extensions entryExt = r.reason() == RevocationReason.UNSPECIFIED ? null
                        : new Extensions(new Extension(Extension.reasonCode, false,
                                CRLReason.lookup(r.reason().code()).getEncoded()));
                b.addCRLEntry(e.serial(), Date.from(r.at()), entryExt);
            }
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId());
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            return new JcaX509CRLConverter().getCRL(b.build(signer(caKey, random)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the CRL", e);
        }
    }

    /**
     * The CA's key identifier alone (RFC 5280 §4.2.1.1 method 1, as in the CA's SKI), without issuer
     * name and serial, so a re-issued root with the same key still verifies what it signed.
     */
    private AuthorityKeyIdentifier authorityKeyId() throws GeneralSecurityException {
        return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert.getPublicKey());
    }

    private X500Name issuer() {
        return X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
    }

    private static ContentSigner signer(PrivateKey key, SecureRandom random) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(KeySpec.signatureAlgorithmFor(key.getAlgorithm()))
                    .setSecureRandom(random).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X509Certificate toCertificate(X509v3CertificateBuilder b, ContentSigner s) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(s));
    }

    /** PEM text of one DER object, with 64-character lines as OpenSSL writes them. */
    static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] pem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(X509CRL crl) {
        try {
            return pem("X509 CRL", crl.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 {@code ENCRYPTED PRIVATE KEY} PEM: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC (what {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes). */
    static byte[] encryptedKeyPem(PrivateKey key, char[] passphrase, int iterations, SecureRandom random) {
        try {
            OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BC)
                    .setRandom(random)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(iterations)
                    .setPassword(passphrase)
                    .build();
            PemObject obj = new JcaPKCS8Generator(key, enc).generate();
            StringWriter out = new StringWriter();
            try (PemWriter w = new PemWriter(out)) {
                w.writeObject(obj);
            }
            return out.toString().getBytes(StandardCharsets.US_ASCII);
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot encrypt a private key", e);
        }
    }

    /**
     * A PKCS#12 file with the user's key and certificate (both named {@code friendlyName} and tied by a
     * localKeyId) and the CA certificate, so one import gives the phone both.
     */
    byte[] pkcs12(PrivateKey key, X509Certificate cert, String friendlyName, char[] password, P12Profile profile) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            DEROctetString localKeyId = new DEROctetString(ext.createSubjectKeyIdentifier(cert.getPublicKey()).getKeyIdentifier());
            OutputEncryptor encryptor = encryptor(profile, password);

            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key, encryptor);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);

            PKCS12SafeBagBuilder certBag = new JcaPKCS12SafeBagBuilder(cert);
            certBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            certBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);

            PKCS12SafeBagBuilder caBag = new JcaPKCS12SafeBagBuilder(caCert);
            String caName = Names.cnOf(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()));
            if (!caName.isEmpty()) {
                caBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(caName));
            }

            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addEncryptedData(encryptor(profile, password), new PKCS12SafeBag[] {certBag.build(), caBag.build()});
            pfx.addData(keyBag.build());
            JcePKCS12MacCalculatorBuilder mac = profile == P12Profile.COMPATIBLE
                    ? new JcePKCS12MacCalculatorBuilder(OIWObjectIdentifiers.idSHA1).setIterationCount(P12_COMPATIBLE_ITERATIONS)
                    : new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256).setIterationCount(P12_MODERN_ITERATIONS);
            return pfx.build(mac.setProvider(BC), password).getEncoded("DER");
        } catch (GeneralSecurityException | IOException | OperatorCreationException | PKCSException e) {
            throw new IllegalStateException("cannot build a PKCS#12 file", e);
        }
    }

    private OutputEncryptor encryptor(P12Profile profile, char[] password) throws OperatorCreationException {
        JcePKCSPBEOutputEncryptorBuilder b = switch (profile) {
            case COMPATIBLE -> new JcePKCSPBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                    .setIterationCount(P12_COMPATIBLE_ITERATIONS);
            case MODERN -> new JcePKCSPBEOutputEncryptorBuilder(new PBKDF2Config.Builder()
                    .withPRF(PBKDF2Config.PRF_SHA256)
                    .withIterationCount(P12_MODERN_ITERATIONS)
                    .withSaltLength(16)
                    .build(), NISTObjectIdentifiers.id_aes256_CBC);
        };
        return b.setProvider(BC).setRandom(random).build(password);
    }
}
