package org.certvpn.pki.ca;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The kind of key to generate, written as on the command line: {@code rsa:2048}, {@code rsa:3072},
 * {@code rsa:4096} or {@code ec:p256}. RSA is the default everywhere because Android's L2TP/IPsec
 * client is named "L2TP/IPSec RSA" and older builds accept nothing else.
 */
public enum KeySpec {
    RSA_2048("rsa:2048", "RSA", 2048, "SHA256withRSA"),
    RSA_3072("rsa:3072", "RSA", 3072, "SHA256withRSA"),
    RSA_4096("rsa:4096", "RSA", 4096, "SHA256withRSA"),
    EC_P256("ec:p256", "EC", 256, "SHA256withECDSA");

    private final String text;
    private final String algorithm;
    private final int bits;
    private final String signatureAlgorithm;

    KeySpec(String text, String algorithm, int bits, String signatureAlgorithm) {
        this.text = text;
        this.algorithm = algorithm;
        this.bits = bits;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /**
     * Parses {@code rsa:2048}-style text, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static KeySpec parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (KeySpec k : values()) {
            if (k.text.equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown key type \"" + text + "\" (use rsa:2048, rsa:3072, rsa:4096 or ec:p256)");
    }

    public boolean isRsa() {
        return algorithm.equals("RSA");
    }

    /** The JCA signature algorithm a CA with this key signs with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The signature algorithm for a key of the given JCA algorithm name ("RSA", "EC"). */
    static String signatureAlgorithmFor(String keyAlgorithm) {
        return keyAlgorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /**
     * The same key as a JDK key object. Keys read through Bouncy Castle's PEM code are BC objects
     * ("ECDSA"), which the JDK's own signature engines refuse.
     */
    static PrivateKey toJdkKey(PrivateKey key) {
        String alg = key.getAlgorithm().equals("RSA") ? "RSA" : "EC";
        try {
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unsupported private key type " + key.getAlgorithm(), e);
        }
    }

    KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (isRsa()) {
                g.initialize(bits, random);
            } else {
                g.initialize(new ECGenParameterSpec("secp256r1"), random);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + text + " keys", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
