package org.certvpn.config;

import java.util.Locale;
import java.util.Map;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/**
 * The algorithm keywords of strongSwan's and libreswan's {@code ike=}/{@code esp=}/{@code phase2alg=}
 * syntax, mapped onto the algorithm enums. Canonical names (what CertVPN prints) come first.
 */
final class AlgorithmNames {
    private AlgorithmNames() {}

    /** The name CertVPN prints; parseable by {@link ProposalParser}. */
    static String name(IkeCipher c) {
        return switch (c) {
            case TRIPLE_DES_CBC -> "3des";
            case AES_CBC_128 -> "aes128";
            case AES_CBC_192 -> "aes192";
            case AES_CBC_256 -> "aes256";
        };
    }

    static String name(EspCipher c) {
        return switch (c) {
            case TRIPLE_DES_CBC -> "3des";
            case AES_CBC_128 -> "aes128";
            case AES_CBC_192 -> "aes192";
            case AES_CBC_256 -> "aes256";
        };
    }

    static String name(IkeHash h) {
        return switch (h) {
            case MD5 -> "md5";
            case SHA1 -> "sha1";
            case SHA2_256 -> "sha256";
            case SHA2_384 -> "sha384";
            case SHA2_512 -> "sha512";
        };
    }

    static String name(EspIntegrity i) {
        return switch (i) {
            case HMAC_MD5_96 -> "md5";
            case HMAC_SHA1_96 -> "sha1";
            case HMAC_SHA2_256_128 -> "sha256";
            case HMAC_SHA2_384_192 -> "sha384";
            case HMAC_SHA2_512_256 -> "sha512";
        };
    }

    static String name(DhGroup g) {
        return switch (g) {
            case MODP_1024 -> "modp1024";
            case MODP_1536 -> "modp1536";
            case MODP_2048 -> "modp2048";
            case MODP_3072 -> "modp3072";
            case MODP_4096 -> "modp4096";
            case ECP_256 -> "ecp256";
            case ECP_384 -> "ecp384";
        };
    }

    /** Cipher keywords; {@code aes} alone is AES-128, as in strongSwan. */
    static final Map<String, IkeCipher> CIPHERS = Map.ofEntries(
            Map.entry("3des", IkeCipher.TRIPLE_DES_CBC),
            Map.entry("3des_cbc", IkeCipher.TRIPLE_DES_CBC),
            Map.entry("aes", IkeCipher.AES_CBC_128),
            Map.entry("aes_cbc", IkeCipher.AES_CBC_128),
            Map.entry("aes128", IkeCipher.AES_CBC_128),
            Map.entry("aes_128", IkeCipher.AES_CBC_128),
            Map.entry("aes_cbc128", IkeCipher.AES_CBC_128),
            Map.entry("aes_cbc_128", IkeCipher.AES_CBC_128),
            Map.entry("aes192", IkeCipher.AES_CBC_192),
            Map.entry("aes_192", IkeCipher.AES_CBC_192),
            Map.entry("aes_cbc192", IkeCipher.AES_CBC_192),
            Map.entry("aes_cbc_192", IkeCipher.AES_CBC_192),
            Map.entry("aes256", IkeCipher.AES_CBC_256),
            Map.entry("aes_256", IkeCipher.AES_CBC_256),
            Map.entry("aes_cbc256", IkeCipher.AES_CBC_256),
            Map.entry("aes_cbc_256", IkeCipher.AES_CBC_256));

    static final Map<String, IkeHash> HASHES = Map.ofEntries(
            Map.entry("md5", IkeHash.MD5),
            Map.entry("sha", IkeHash.SHA1),
            Map.entry("sha1", IkeHash.SHA1),
            Map.entry("sha2", IkeHash.SHA2_256),
            Map.entry("sha256", IkeHash.SHA2_256),
            Map.entry("sha2_256", IkeHash.SHA2_256),
            Map.entry("sha384", IkeHash.SHA2_384),
            Map.entry("sha2_384", IkeHash.SHA2_384),
            Map.entry("sha512", IkeHash.SHA2_512),
            Map.entry("sha2_512", IkeHash.SHA2_512));

    /** strongSwan's explicit PRF keywords; in IKEv1 the PRF is the HMAC of the negotiated hash. */
    static final Map<String, IkeHash> PRFS = Map.of(
            "prfmd5", IkeHash.MD5,
            "prfsha1", IkeHash.SHA1,
            "prfsha256", IkeHash.SHA2_256,
            "prfsha384", IkeHash.SHA2_384,
            "prfsha512", IkeHash.SHA2_512);

    static final Map<String, DhGroup> GROUPS = Map.ofEntries(
            Map.entry("modp1024", DhGroup.MODP_1024),
            Map.entry("dh2", DhGroup.MODP_1024),
            Map.entry("modp1536", DhGroup.MODP_1536),
            Map.entry("dh5", DhGroup.MODP_1536),
            Map.entry("modp2048", DhGroup.MODP_2048),
            Map.entry("dh14", DhGroup.MODP_2048),
            Map.entry("modp3072", DhGroup.MODP_3072),
            Map.entry("dh15", DhGroup.MODP_3072),
            Map.entry("modp4096", DhGroup.MODP_4096),
            Map.entry("dh16", DhGroup.MODP_4096),
            Map.entry("ecp256", DhGroup.ECP_256),
            Map.entry("ecp_256", DhGroup.ECP_256),
            Map.entry("dh19", DhGroup.ECP_256),
            Map.entry("ecp384", DhGroup.ECP_384),
            Map.entry("ecp_384", DhGroup.ECP_384),
            Map.entry("dh20", DhGroup.ECP_384));

    static EspCipher espCipher(IkeCipher c) {
        return switch (c) {
            case TRIPLE_DES_CBC -> EspCipher.TRIPLE_DES_CBC;
            case AES_CBC_128 -> EspCipher.AES_CBC_128;
            case AES_CBC_192 -> EspCipher.AES_CBC_192;
            case AES_CBC_256 -> EspCipher.AES_CBC_256;
        };
    }

    static EspIntegrity espIntegrity(IkeHash h) {
        return switch (h) {
            case MD5 -> EspIntegrity.HMAC_MD5_96;
            case SHA1 -> EspIntegrity.HMAC_SHA1_96;
            case SHA2_256 -> EspIntegrity.HMAC_SHA2_256_128;
            case SHA2_384 -> EspIntegrity.HMAC_SHA2_384_192;
            case SHA2_512 -> EspIntegrity.HMAC_SHA2_512_256;
        };
    }

    /**
     * Why a keyword that strongSwan or libreswan knows is not supported here, or null when the keyword
     * is not a known algorithm at all.
     */
    static String unsupportedReason(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        if (t.equals("des") || t.equals("1des") || t.equals("des_cbc")) {
            return "single DES is broken and not supported";
        }
        if (t.contains("gcm") || t.contains("ccm") || t.startsWith("chacha20") || t.equals("null_auth_aes_gmac")) {
            return "AEAD ciphers are not supported for IKEv1/L2TP";
        }
        if (t.startsWith("aes_ctr") || t.startsWith("aesctr") || t.startsWith("camellia") || t.startsWith("blowfish")
                || t.startsWith("cast") || t.startsWith("serpent") || t.startsWith("twofish") || t.equals("null")
                || t.equals("null_enc") || t.equals("idea") || t.equals("rc5")) {
            return "cipher not supported";
        }
        if (t.equals("aesxcbc") || t.equals("aes_xcbc") || t.equals("aescmac") || t.equals("aes_cmac")
                || t.startsWith("sha256_96") || t.equals("sha1_160") || t.equals("md5_128") || t.startsWith("prfaes")) {
            return "integrity algorithm not supported";
        }
        if (t.equals("modp768") || t.equals("modp6144") || t.equals("modp8192") || t.startsWith("ecp192")
                || t.startsWith("ecp224") || t.startsWith("ecp521") || t.equals("ecp_521") || t.equals("dh1")
                || t.equals("dh17") || t.equals("dh18") || t.equals("dh21") || t.equals("dh22") || t.equals("dh23")
                || t.equals("dh24") || t.equals("dh31") || t.equals("dh32") || t.startsWith("curve25519")
                || t.equals("x25519") || t.startsWith("curve448") || t.equals("x448") || t.startsWith("modp2048s")
                || t.startsWith("ecp224bp") || t.startsWith("ecp256bp") || t.startsWith("ecp384bp")
                || t.startsWith("ecp512bp")) {
            return "DH group not supported";
        }
        return null;
    }
}
