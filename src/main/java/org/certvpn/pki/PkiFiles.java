package org.certvpn.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.EncryptionException;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads certificates, private keys and CRLs in the forms admins have on disk: PEM (one or several
 * objects) or DER; keys as PKCS#8 (plain or encrypted), traditional OpenSSL PKCS#1/SEC1 (plain or with
 * {@code DEK-Info} encryption, as in {@code /etc/ipsec.d/private}). Any file name is accepted.
 *
 * <p>Every failure is a {@link PkiFileException} whose message says which file and why in one line:
 * missing, unreadable, wrong passphrase, or not the kind of object expected.
 */
public final class PkiFiles {
    private static final String PEM_MARKER = "-----BEGIN ";
    /**
     * Bouncy Castle as a private provider instance, for what the JDK's providers cannot do (OpenSSL's
     * legacy PEM encryption, rarer PKCS#8 schemes). Made only when needed: creating it loads some 700
     * classes, a large part of the gateway's startup, while the keys it writes itself (PBES2 with
     * PBKDF2-HMAC-SHA256 and AES) the JDK decrypts alone.
     */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private PkiFiles() {}

    /** All certificates in a PEM or DER file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws PkiFileException {
        byte[] bytes = read(file);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends java.security.cert.Certificate> certs =
                    cf.generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            for (var c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new PkiFileException(file, "no certificate found" + pemHint(bytes));
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw new PkiFileException(file, "not a certificate (PEM or DER)" + pemHint(bytes), e);
        }
    }

    /** The single certificate in a file; a file with several certificates is refused. */
    public static X509Certificate readCertificate(Path file) throws PkiFileException {
        List<X509Certificate> certs = readCertificates(file);
        if (certs.size() != 1) {
            throw new PkiFileException(file, "expected one certificate, found " + certs.size());
        }
        return certs.getFirst();
    }

    /** A CRL in PEM or DER form. */
    public static X509CRL readCrl(Path file) throws PkiFileException {
        byte[] bytes = read(file);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509CRL crl = (X509CRL) cf.generateCRL(new ByteArrayInputStream(bytes));
            if (crl == null) {
                throw new PkiFileException(file, "no CRL found" + pemHint(bytes));
            }
            return crl;
        } catch (CertificateException | CRLException e) {
            throw new PkiFileException(file, "not a CRL (PEM or DER)" + pemHint(bytes), e);
        }
    }

    /**
     * A private key; {@code passphrase} may be null for an unencrypted key.
     *
     * @throws PkiFileException for a missing passphrase, a wrong one, or a file holding no key
     */
    public static PrivateKey readPrivateKey(Path file, char[] passphrase) throws PkiFileException {
        byte[] bytes = read(file);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (!isPem(bytes)) {
                return readDerKey(file, bytes, passphrase, converter);
            }
            try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
                Object o;
                while ((o = parser.readObject()) != null) {
                    PrivateKey key = toPrivateKey(file, o, passphrase, converter);
                    if (key != null) {
                        return key;
                    }
                }
            }
            throw new PkiFileException(file, "no private key found" + pemHint(bytes));
        } catch (PkiFileException e) {
            throw e;
        } catch (EncryptionException e) {
            throw new PkiFileException(file, "wrong passphrase or unsupported key encryption", e);
        } catch (IOException | RuntimeException e) {
            throw new PkiFileException(file, "cannot parse private key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey toPrivateKey(Path file, Object o, char[] passphrase, JcaPEMKeyConverter converter)
            throws PkiFileException, PEMException {
        return switch (o) {
            case PrivateKeyInfo info -> converter.getPrivateKey(info);
            case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
            case PEMEncryptedKeyPair enc -> {
                requirePassphrase(file, passphrase);
                try {
                    yield converter.getKeyPair(enc.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase))).getPrivate();
                } catch (IOException | RuntimeException e) {
                    throw new PkiFileException(file, "wrong passphrase for encrypted key", e);
                }
            }
            case PKCS8EncryptedPrivateKeyInfo enc -> decryptPkcs8(file, enc, passphrase, converter);
            default -> null;
        };
    }

    private static PrivateKey readDerKey(Path file, byte[] der, char[] passphrase, JcaPEMKeyConverter converter)
            throws PkiFileException {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
            return converter.getPrivateKey(info);
        } catch (RuntimeException | PEMException notPlain) {
            try {
                return decryptPkcs8(file, new PKCS8EncryptedPrivateKeyInfo(der), passphrase, converter);
            } catch (IOException | RuntimeException e) {
                throw new PkiFileException(file, "not a private key (PEM, or DER PKCS#8)", e);
            }
        }
    }

    /**
     * The most PBKDF2 rounds an encrypted key may ask for. OpenSSL writes 2,048, our CA 100,000, cautious tools
     * up to a few hundred thousand; 65 million took over 30 s here, during which a start or a reload stalls.
     */
    static final long MAX_PBKDF2_ROUNDS = 10_000_000;
    /** The most memory (128 * N * r * p bytes) an scrypt-encrypted key may ask for. */
    static final long MAX_SCRYPT_BYTES = 256L << 20;

    /**
     * Refuses a key whose encryption asks for more work than any tool writes, before anything is derived. The
     * parameters are read as loosely as the JDK reads them (a fuzzed key whose PRF was no SEQUENCE was refused
     * by Bouncy Castle's strict parser, yet the JDK ran its 65 million rounds): by position, and a password-based
     * scheme whose cost cannot be read that way is refused too.
     */
    private static void checkKeyDerivationCost(Path file, AlgorithmIdentifier scheme) throws PkiFileException {
        ASN1ObjectIdentifier oid = scheme.getAlgorithm();
        BigInteger work;
        BigInteger scryptBytes = BigInteger.ZERO;
        try {
            if (PKCSObjectIdentifiers.id_PBES2.equals(oid)) {
                ASN1Sequence kdf = ASN1Sequence.getInstance(ASN1Sequence.getInstance(scheme.getParameters()).getObjectAt(0));
                ASN1ObjectIdentifier kdfOid = ASN1ObjectIdentifier.getInstance(kdf.getObjectAt(0));
                ASN1Sequence params = ASN1Sequence.getInstance(kdf.getObjectAt(1));
                if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdfOid)) {
                    // salt, iterationCount, keyLength OPTIONAL, prf DEFAULT (RFC 8018 A.2): each 32 bytes of key is
                    // another run of the rounds.
                    work = integerAt(params, 1);
                    if (params.size() > 2 && params.getObjectAt(2) instanceof ASN1Integer keyLength) {
                        work = work.multiply(keyLength.getValue().add(BigInteger.valueOf(31)).shiftRight(5).max(BigInteger.ONE));
                    }
                } else if (MiscObjectIdentifiers.id_scrypt.equals(kdfOid)) {
                    // salt, N, r, p (RFC 7914 §7.1): 128 * N * r bytes of memory, p times.
                    scryptBytes = integerAt(params, 1).multiply(integerAt(params, 2)).multiply(integerAt(params, 3)).shiftLeft(7);
                    work = BigInteger.ZERO;
                } else {
                    return; // a derivation Bouncy Castle and the JDK do not know: decrypting refuses it
                }
            } else if (oid.getId().startsWith(PKCSObjectIdentifiers.pkcs_12PbeIds.getId() + ".")
                    || oid.getId().startsWith(PKCSObjectIdentifiers.pkcs_5.getId() + ".")) {
                // PKCS#12 and PBES1: salt, iterations.
                work = integerAt(ASN1Sequence.getInstance(scheme.getParameters()), 1);
            } else {
                return;
            }
        } catch (RuntimeException unreadable) {
            throw new PkiFileException(file, "encrypted key with unreadable key-derivation parameters", unreadable);
        }
        if (work.compareTo(BigInteger.valueOf(MAX_PBKDF2_ROUNDS)) > 0) {
            throw new PkiFileException(file, "key encryption asks for " + work + " key-derivation rounds, more than the "
                    + MAX_PBKDF2_ROUNDS + " accepted (they would stall start and reload): re-encrypt the key");
        }
        if (scryptBytes.compareTo(BigInteger.valueOf(MAX_SCRYPT_BYTES)) > 0) {
            throw new PkiFileException(file, "key encryption asks scrypt for " + scryptBytes + " bytes, more than the "
                    + MAX_SCRYPT_BYTES + " accepted: re-encrypt the key");
        }
    }

    private static BigInteger integerAt(ASN1Sequence sequence, int index) {
        return ASN1Integer.getInstance(sequence.getObjectAt(index)).getValue();
    }

    private static PrivateKey decryptPkcs8(Path file, PKCS8EncryptedPrivateKeyInfo enc, char[] passphrase,
            JcaPEMKeyConverter converter) throws PkiFileException {
        requirePassphrase(file, passphrase);
        checkKeyDerivationCost(file, enc.getEncryptionAlgorithm());
        try {
            // PBES2 and the PBES1 schemes the JDK knows (its algorithm name comes from the parameters).
            javax.crypto.EncryptedPrivateKeyInfo epki = new javax.crypto.EncryptedPrivateKeyInfo(enc.getEncoded());
            javax.crypto.SecretKeyFactory factory = javax.crypto.SecretKeyFactory.getInstance(epki.getAlgName());
            java.security.spec.PKCS8EncodedKeySpec spec = epki.getKeySpec(
                    factory.generateSecret(new javax.crypto.spec.PBEKeySpec(passphrase)));
            return converter.getPrivateKey(PrivateKeyInfo.getInstance(spec.getEncoded()));
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException tryBc) {
            // A scheme the JDK lacks, or a wrong passphrase: Bouncy Castle decides which.
        }
        try {
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER)
                    .build(passphrase);
            return new JcaPEMKeyConverter().setProvider(Bc.PROVIDER).getPrivateKey(enc.decryptPrivateKeyInfo(decryptor));
        } catch (PKCSException | PEMException | RuntimeException e) {
            throw new PkiFileException(file, "wrong passphrase for encrypted key", e);
        } catch (OperatorCreationException e) {
            throw new PkiFileException(file, "unsupported key encryption: " + e.getMessage(), e);
        }
    }

    private static void requirePassphrase(Path file, char[] passphrase) throws PkiFileException {
        if (passphrase == null) {
            throw new PkiFileException(file, "key is encrypted and no passphrase was given");
        }
    }

    private static byte[] read(Path file) throws PkiFileException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PkiFileException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new PkiFileException(file, "permission denied");
        } catch (IOException e) {
            throw new PkiFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1).contains(PEM_MARKER);
    }

    private static String pemHint(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        int i = head.indexOf(PEM_MARKER);
        if (i < 0) {
            return "";
        }
        int end = head.indexOf("-----", i + PEM_MARKER.length());
        return end < 0 ? "" : " (file holds " + head.substring(i + PEM_MARKER.length(), end) + ")";
    }
}
