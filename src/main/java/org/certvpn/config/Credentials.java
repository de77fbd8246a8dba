package org.certvpn.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

/** Checks shared by both readers on certificates and keys. */
public final class Credentials {
    private Credentials() {}

    /**
     * Why the gateway cannot sign with this certificate's key, or null when it can. IKEv1 Main Mode here
     * authenticates with RSA signatures only (RFC 2409 §5.1; Android's and Windows' L2TP/IPsec clients use
     * nothing else), so an EC certificate would load and then fail every handshake.
     */
    public static String unusableServerKey(X509Certificate cert) {
        String alg = cert.getPublicKey().getAlgorithm();
        return alg.equals("RSA") ? null
                : "has " + (alg.matches("^[AEIOU].*") ? "an " : "a ") + alg + " key, but IKEv1 authentication here uses RSA signatures only: issue the server "
                        + "certificate with an RSA key (certvpn ca server --key rsa:2048)";
    }

    /** True when {@code key} is the private half of the certificate's public key. */
    public static boolean keyMatches(X509Certificate cert, PrivateKey key) {
        PublicKey pub = cert.getPublicKey();
        if (pub instanceof RSAPublicKey rsaPub && key instanceof RSAPrivateCrtKey rsa) {
            return rsaPub.getModulus().equals(rsa.getModulus()) && rsaPub.getPublicExponent().equals(rsa.getPublicExponent());
        }
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return false;
        }
        try {
            byte[] probe = "certvpn key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

}
