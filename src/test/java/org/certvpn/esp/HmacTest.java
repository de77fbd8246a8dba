package org.certvpn.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.certvpn.common.Hex;
import org.certvpn.ipsec.EspIntegrity;
import org.junit.jupiter.api.Test;

/**
 * The HMAC built on MessageDigest against published vectors: RFC 2202 (HMAC-MD5, HMAC-SHA1), the 96-bit
 * truncation of RFC 2403/2404 (RFC 2202 test case 5, "digest-96"), RFC 4868 §2.7.2 (HMAC-SHA-256-128,
 * HMAC-SHA-384-192, HMAC-SHA-512-256), and against javax.crypto.Mac on random input.
 */
class HmacTest {
    private final Hmac hmac = new Hmac();

    private String mac(EspIntegrity algorithm, byte[] key, byte[] data) {
        byte[] out = new byte[Hmac.MAX_MAC_LENGTH];
        hmac.mac(new IntegrityKey(algorithm, key), data, 0, data.length, out, 0);
        return Hex.encode(out, 0, IntegrityKey.macLength(algorithm));
    }

    private String icv(EspIntegrity algorithm, byte[] key, byte[] data) {
        return mac(algorithm, key, data).substring(0, algorithm.icvLength() * 2);
    }

    private static byte[] repeat(int value, int count) {
        byte[] b = new byte[count];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void rfc2202HmacMd5() {
        EspIntegrity md5 = EspIntegrity.HMAC_MD5_96;
        assertThat(mac(md5, repeat(0x0b, 16), ascii("Hi There"))).isEqualTo("9294727a3638bb1c13f48ef8158bfc9d");
        assertThat(mac(md5, ascii("Jefe"), ascii("what do ya want for nothing?")))
                .isEqualTo("750c783e6ab0b503eaa86e310a5db738");
        assertThat(mac(md5, repeat(0xaa, 16), repeat(0xdd, 50))).isEqualTo("56be34521d144c88dbb8c733f0e8b3f6");
        assertThat(mac(md5, Hex.decode("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50)))
                .isEqualTo("697eaf0aca3a3aea3a75164746ffaa79");
        assertThat(mac(md5, repeat(0xaa, 80), ascii("Test Using Larger Than Block-Size Key - Hash Key First")))
                .isEqualTo("6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
        assertThat(mac(md5, repeat(0xaa, 80),
                ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data")))
                .isEqualTo("6f630fad67cda0ee1fb1f562db3aa53e");
    }

    @Test
    void rfc2403TruncationIsRfc2202Case5Digest96() {
        assertThat(icv(EspIntegrity.HMAC_MD5_96, repeat(0x0c, 16), ascii("Test With Truncation")))
                .isEqualTo("56461ef2342edc00f9bab995");
    }

    @Test
    void rfc2202HmacSha1() {
        EspIntegrity sha1 = EspIntegrity.HMAC_SHA1_96;
        assertThat(mac(sha1, repeat(0x0b, 20), ascii("Hi There")))
                .isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00");
        assertThat(mac(sha1, ascii("Jefe"), ascii("what do ya want for nothing?")))
                .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        assertThat(mac(sha1, repeat(0xaa, 20), repeat(0xdd, 50)))
                .isEqualTo("125d7342b9ac11cd91a39af48aa17b4f63f175d3");
        assertThat(mac(sha1, Hex.decode("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50)))
                .isEqualTo("4c9007f4026250c6bc8414f9bf50c86c2d7235da");
        assertThat(mac(sha1, repeat(0xaa, 80), ascii("Test Using Larger Than Block-Size Key - Hash Key First")))
                .isEqualTo("aa4ae5e15272d00e95705637ce8a3b55ed402112");
        assertThat(mac(sha1, repeat(0xaa, 80),
                ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data")))
                .isEqualTo("e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
    }

    @Test
    void rfc2404TruncationIsRfc2202Case5Digest96() {
        assertThat(icv(EspIntegrity.HMAC_SHA1_96, repeat(0x0c, 20), ascii("Test With Truncation")))
                .isEqualTo("4c1a03424b55e07fe7f27be1");
    }

    @Test
    void rfc4868Auth256() {
        EspIntegrity sha256 = EspIntegrity.HMAC_SHA2_256_128;
        assertThat(icv(sha256, repeat(0x0b, 32), ascii("Hi There"))).isEqualTo("198a607eb44bfbc69903a0f1cf2bbdc5");
        assertThat(mac(sha256, repeat(0x0b, 32), ascii("Hi There")))
                .isEqualTo("198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7");
        assertThat(icv(sha256, ascii("JefeJefeJefeJefeJefeJefeJefeJefe"), ascii("what do ya want for nothing?")))
                .isEqualTo("167f928588c5cc2eef8e3093caa0e87c");
        assertThat(icv(sha256, repeat(0xaa, 32), repeat(0xdd, 50))).isEqualTo("cdcb1220d1ecccea91e53aba3092f962");
        assertThat(icv(sha256, Hex.decode("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"),
                repeat(0xcd, 50))).isEqualTo("372efcf9b40b35c2115b1346903d2ef4");
    }

    @Test
    void rfc4868Auth384() {
        assertThat(mac(EspIntegrity.HMAC_SHA2_384_192, repeat(0x0b, 48), ascii("Hi There")))
                .isEqualTo("b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee9737a959796489bddbc"
                        + "4c5df61d5b3297b4fb68dab9f1b582c2");
        assertThat(icv(EspIntegrity.HMAC_SHA2_384_192, repeat(0x0b, 48), ascii("Hi There")))
                .isEqualTo("b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973");
    }

    @Test
    void rfc4868Auth512() {
        EspIntegrity sha512 = EspIntegrity.HMAC_SHA2_512_256;
        assertThat(mac(sha512, repeat(0x0b, 64), ascii("Hi There")))
                .isEqualTo("637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"
                        + "ac2878ebd5803f6f0b61dbce5e251ff8789a4722c1be65aea45fd464e89f8f5b");
        assertThat(icv(sha512, repeat(0x0b, 64), ascii("Hi There")))
                .isEqualTo("637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8");
        assertThat(mac(sha512, ascii("JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe"),
                ascii("what do ya want for nothing?")))
                .isEqualTo("cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454"
                        + "6aa334ae9fb9afc2184932d8695e397bfa0ffb93466cfcceaae38c833b7dba38");
    }

    @Test
    void agreesWithJceMacOnRandomInput() throws Exception {
        SplittableRandom random = new SplittableRandom(2104);
        for (EspIntegrity algorithm : EspIntegrity.values()) {
            Mac jce = Mac.getInstance(algorithm.jceAlgorithm());
            for (int i = 0; i < 50; i++) {
                byte[] key = new byte[1 + random.nextInt(150)];
                byte[] data = new byte[random.nextInt(3000)];
                random.nextBytes(key);
                random.nextBytes(data);
                jce.init(new SecretKeySpec(key, algorithm.jceAlgorithm()));
                assertThat(mac(algorithm, key, data)).as("%s", algorithm).isEqualTo(Hex.encode(jce.doFinal(data)));
            }
        }
    }

    @Test
    void constantTimeCompareFindsAnyDifference() {
        byte[] a = Hex.decode("00112233445566778899aabb");
        for (int i = 0; i < a.length; i++) {
            byte[] b = a.clone();
            b[i] ^= 0x40;
            assertThat(Hmac.constantTimeEquals(a, 0, b, 0, a.length)).isFalse();
        }
        assertThat(Hmac.constantTimeEquals(a, 0, a.clone(), 0, a.length)).isTrue();
    }
}
