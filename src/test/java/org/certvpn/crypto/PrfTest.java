package org.certvpn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.certvpn.common.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The IKE PRF against HMAC vectors: RFC 2202 §2/§3 (MD5, SHA-1) and RFC 4231 §4 (SHA-2). */
class PrfTest {

    private static byte[] repeat(int b, int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    private static byte[] key(String spec) {
        // "0b*20" = twenty 0x0b bytes; anything else is ASCII.
        if (spec.contains("*")) {
            String[] p = spec.split("\\*");
            return repeat(Integer.parseInt(p[0], 16), Integer.parseInt(p[1]));
        }
        return spec.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // RFC 2202 §2 test cases 1, 2, 3, 6 (HMAC-MD5).
        "MD5, 0b*16, Hi There, 9294727a3638bb1c13f48ef8158bfc9d",
        "MD5, Jefe, what do ya want for nothing?, 750c783e6ab0b503eaa86e310a5db738",
        "MD5, aa*16, dd*50, 56be34521d144c88dbb8c733f0e8b3f6",
        "MD5, aa*80, Test Using Larger Than Block-Size Key - Hash Key First, 6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
        // RFC 2202 §3 test cases 1, 2, 3, 6 (HMAC-SHA-1).
        "SHA1, 0b*20, Hi There, b617318655057264e28bc0b6fb378c8ef146be00",
        "SHA1, Jefe, what do ya want for nothing?, effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
        "SHA1, aa*20, dd*50, 125d7342b9ac11cd91a39af48aa17b4f63f175d3",
        "SHA1, aa*80, Test Using Larger Than Block-Size Key - Hash Key First, aa4ae5e15272d00e95705637ce8a3b55ed402112",
        // RFC 4231 §4.2, §4.3, §4.7 (test cases 1, 2, 6).
        "SHA2_256, 0b*20, Hi There, b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "SHA2_256, Jefe, what do ya want for nothing?, 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "SHA2_256, aa*131, Test Using Larger Than Block-Size Key - Hash Key First,"
                + " 60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        "SHA2_384, 0b*20, Hi There, afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
        "SHA2_384, Jefe, what do ya want for nothing?,"
                + " af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
        "SHA2_384, aa*131, Test Using Larger Than Block-Size Key - Hash Key First,"
                + " 4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
        "SHA2_512, 0b*20, Hi There, 87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        "SHA2_512, Jefe, what do ya want for nothing?, 164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        "SHA2_512, aa*131, Test Using Larger Than Block-Size Key - Hash Key First,"
                + " 80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
    })
    void hmacVectors(IkeHash hash, String keySpec, String dataSpec, String expected) {
        byte[] data = key(dataSpec);
        Prf prf = Prf.hmac(hash);
        assertThat(Hex.encode(prf.compute(key(keySpec), data))).isEqualTo(expected);
        // Data handed over in pieces is the concatenation.
        byte[] head = Arrays.copyOf(data, data.length / 2);
        byte[] tail = Arrays.copyOfRange(data, data.length / 2, data.length);
        assertThat(Hex.encode(prf.compute(key(keySpec), head, tail))).isEqualTo(expected);
        assertThat(prf.length()).isEqualTo(expected.length() / 2);
    }
}
