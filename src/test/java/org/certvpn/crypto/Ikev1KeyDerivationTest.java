package org.certvpn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.certvpn.common.Hex;
import org.junit.jupiter.api.Test;

/**
 * RFC 2409 derivations against published data: the NIST CAVP SP 800-135 IKEv1 samples
 * ({@code ikev1-skeyid-cavp.txt}), NSS's Appendix B vectors ({@code ikev1-appendix-b.txt}), and a
 * recorded handshake from the RUB-NDS IPsec-StateMachineExtractor test suite for HASH_R and the IVs.
 */
class Ikev1KeyDerivationTest {

    @Test
    void skeyidChainMatchesCavp() throws Exception {
        List<VectorFile.Case> cases = VectorFile.read("ikev1-skeyid-cavp.txt");
        assertThat(cases).hasSize(5);
        for (VectorFile.Case c : cases) {
            Prf prf = Prf.hmac(c.hash());
            byte[] skeyid = c.context().get("mode").startsWith("psk")
                    ? Ikev1KeyDerivation.skeyidPreSharedKey(prf, c.bytes("pre-shared-key"), c.bytes("Ni"), c.bytes("Nr"))
                    : Ikev1KeyDerivation.skeyidSignature(prf, c.bytes("Ni"), c.bytes("Nr"), c.bytes("g^xy"));
            assertThat(Hex.encode(skeyid)).as("SKEYID %s", c.values().get("COUNT")).isEqualTo(c.get("SKEYID"));
            if (!c.has("SKEYID_d")) {
                continue;
            }
            byte[] gxy = c.bytes("g^xy");
            byte[] ckyI = c.bytes("CKY_I");
            byte[] ckyR = c.bytes("CKY_R");
            byte[] d = Ikev1KeyDerivation.skeyidD(prf, skeyid, gxy, ckyI, ckyR);
            byte[] a = Ikev1KeyDerivation.skeyidA(prf, skeyid, d, gxy, ckyI, ckyR);
            byte[] e = Ikev1KeyDerivation.skeyidE(prf, skeyid, a, gxy, ckyI, ckyR);
            assertThat(Hex.encode(d)).isEqualTo(c.get("SKEYID_d"));
            assertThat(Hex.encode(a)).isEqualTo(c.get("SKEYID_a"));
            assertThat(Hex.encode(e)).isEqualTo(c.get("SKEYID_e"));
        }
    }

    @Test
    void appendixBExpansion() throws Exception {
        List<VectorFile.Case> cases = VectorFile.read("ikev1-appendix-b.txt");
        assertThat(cases).hasSize(5);
        for (VectorFile.Case c : cases) {
            byte[] ka = Ikev1KeyDerivation.cipherKey(Prf.hmac(c.hash()), c.bytes("SKEYID_e"),
                    Integer.parseInt(c.get("length")));
            assertThat(Hex.encode(ka)).isEqualTo(Hex.encode(c.bytes("Ka")));
        }
    }

    @Test
    void aes256WithSha1TakesTheExpansion() {
        // 32-byte key from a 20-byte SKEYID_e: K1 | first 12 bytes of K2, K1 = prf(SKEYID_e, 0).
        Prf prf = Prf.hmac(IkeHash.SHA1);
        byte[] skeyidE = Hex.decode("63e81194946ebd05df7df5ebf5d8750056bf1f1d");
        byte[] key = Ikev1KeyDerivation.cipherKey(prf, skeyidE, 32);
        assertThat(Hex.encode(key)).isEqualTo("933347a07de5782247dd36d1562ffe0eecade1eb4134165257e3af1000af8ae3");
    }

    /**
     * A recorded Main Mode (PSK "AAAA", AES-128, SHA1, MODP1024) from RUB-NDS IPsec-StateMachineExtractor's
     * {@code IKEv1HandshakeSessionSecretsTest} (Apache 2.0): SKEYIDs, the cipher key, the Phase 1 IV,
     * HASH_R and a Phase 2 IV.
     */
    @Test
    void recordedHandshakeCrossCheck() {
        Prf prf = Prf.hmac(IkeHash.SHA1);
        byte[] ckyI = Hex.decode("dc3f1d7452b2c376");
        byte[] ckyR = Hex.decode("5f17969262b7829b");
        byte[] ni = Hex.decode("18eeeee5b29ef938");
        byte[] nr = Hex.decode("cf6306dcc088a94c1983462f97a3128ecdefbe4a1925cffddedd526215648099");
        byte[] gxi = Hex.decode("a8b04c567a6bb3ab17da6a07f3f1667e6c70fb992ffe0a01dccc0877214c1936cc13a66aa97e4cd9ebfd61f6a7"
                + "119859bba763255b54364d37a59f969d230f877cce6d77ca843e5f0cb24e354d51a429aabf75238f5a17ef5801f3b02d9f35dc"
                + "d3562c35e6aeff67e9c71961f9313b6306c2c1adb428d6e70e713f894d9b7eda");
        byte[] gxr = Hex.decode("7947cdf90ed5f07ca325c9c9e6de95a82e5728b2e1daf44866100723ad2bed0f09e8383cf89c7645c805c2942d"
                + "4aebfa1b6c351a9666faa1f4988c3a557cb411a3b73fd3e094144e646ef5eb85118a61f06c6359e0f19b43a99720b49ae32215"
                + "5d462004be5e09140cfc843e0622c6735bc90ab730577fc311b23b25a8d283fa");
        byte[] gxy = Hex.decode("9FC4267E99D40EE7AA19492615990548621EBED0AE925A0810C2F4BF30A100F6B13201BAC4595281E5F2FB6FAF"
                + "56F9CDA292991B40B41A48CFBA7713140DE1784DBD525C0CB88A4D3B4B46D7CABD539CDD1E79EDE000420CFFE9ED8BCA0B2FE0"
                + "9208D9D3145F55F68CE0E3C6C479616B64F3EB451CD4CE268310BCDC766BA8A2");
        byte[] saiB = Hex.decode("00000001000000010000002c01010001000000240101000080010007800e0080800200028004000280030001"
                + "800b0001800c7080");
        byte[] idirB = Hex.decode("010000000a00030a");

        byte[] skeyid = Ikev1KeyDerivation.skeyidPreSharedKey(prf, "AAAA".getBytes(), ni, nr);
        assertThat(Hex.encode(skeyid)).isEqualToIgnoringCase("505E91CA4127FE30D9CAD15F6176E8C504D2D612");
        byte[] d = Ikev1KeyDerivation.skeyidD(prf, skeyid, gxy, ckyI, ckyR);
        byte[] a = Ikev1KeyDerivation.skeyidA(prf, skeyid, d, gxy, ckyI, ckyR);
        byte[] e = Ikev1KeyDerivation.skeyidE(prf, skeyid, a, gxy, ckyI, ckyR);
        assertThat(Hex.encode(d)).isEqualToIgnoringCase("571D06B00EDA6D375310377F3B3E0994A936E0F2");
        assertThat(Hex.encode(a)).isEqualToIgnoringCase("1DE7B88B63DEEA0BB41374C6F9514F64B894E083");
        assertThat(Hex.encode(e)).isEqualToIgnoringCase("84FAF4DF7DCEC32AC45F13A485E732632160F596");
        assertThat(Hex.encode(Ikev1KeyDerivation.cipherKey(prf, e, 16)))
                .isEqualToIgnoringCase("84FAF4DF7DCEC32AC45F13A485E73263");
        byte[] iv = Ikev1KeyDerivation.phase1Iv(IkeHash.SHA1, gxi, gxr, 16);
        assertThat(Hex.encode(iv)).isEqualToIgnoringCase("0E09ED33BAC3584D1D10762A9BD026C1");
        assertThat(Hex.encode(Ikev1Hashes.hashR(prf, skeyid, gxr, gxi, ckyR, ckyI, saiB, idirB)))
                .isEqualToIgnoringCase("DDB2CF1067913E83EA6633B8B174BC8CE559B9D1");
        // Before any Phase 1 message was encrypted, the "last CBC block" is the Phase 1 IV itself.
        assertThat(Hex.encode(Ikev1KeyDerivation.phase2Iv(IkeHash.SHA1, iv, 0xd8029d42, 16)))
                .isEqualToIgnoringCase("0BF60ED4C34FEA8A12077A204DFD413F");
    }

    @Test
    void keymatExpandsWithTheSeedRepeated() {
        // KEYMAT for AES-256 + HMAC-SHA1 (32 + 20 bytes) with a SHA1 PRF needs three PRF blocks.
        Prf prf = Prf.hmac(IkeHash.SHA1);
        byte[] skeyidD = Hex.decode("384be709a8a5e63c3ed160cfe3921c4b37d5b32d");
        byte[] spi = Hex.decode("c0ffee01");
        byte[] ni = Hex.decode("69a62284195f1680");
        byte[] nr = Hex.decode("80c94ba25c8abda5");
        byte[] seed = Ikev1KeyDerivation.concat(new byte[] {3}, spi, ni, nr);
        byte[] k1 = prf.compute(skeyidD, seed);
        byte[] k2 = prf.compute(skeyidD, k1, seed);
        byte[] k3 = prf.compute(skeyidD, k2, seed);
        byte[] expected = java.util.Arrays.copyOf(Ikev1KeyDerivation.concat(k1, k2, k3), 52);
        assertThat(Ikev1KeyDerivation.keymat(prf, skeyidD, null, 3, spi, ni, nr, 52)).isEqualTo(expected);
        // With PFS the Quick Mode secret leads the seed.
        byte[] gqm = Hex.decode("0102");
        assertThat(Ikev1KeyDerivation.keymat(prf, skeyidD, gqm, 3, spi, ni, nr, 20))
                .isEqualTo(prf.compute(skeyidD, gqm, new byte[] {3}, spi, ni, nr));
    }
}
