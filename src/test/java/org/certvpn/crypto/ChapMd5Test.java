package org.certvpn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.certvpn.common.Hex;
import org.junit.jupiter.api.Test;

/**
 * RFC 1994 §4.1 defines the response as MD5(Identifier | secret | Challenge) but publishes no vector.
 * This one was built from that definition: the 27 input octets
 * {@code 2a 636c69656e7450617373 000102030405060708090a0b0c0d0e0f} were written to a file and hashed
 * independently with {@code openssl dgst -md5} and Python's {@code hashlib.md5}; both printed the
 * expected value below.
 */
class ChapMd5Test {
    private static final int IDENTIFIER = 0x2a;
    private static final byte[] SECRET = "clientPass".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHALLENGE = Hex.decode("000102030405060708090a0b0c0d0e0f");
    private static final byte[] RESPONSE = Hex.decode("902768991decf7e13b5231be953c74d8");

    @Test
    void builtVectorMatchesIndependentMd5() {
        assertThat(ChapMd5.response(IDENTIFIER, SECRET, CHALLENGE)).isEqualTo(RESPONSE);
        assertThat(ChapMd5.verify(IDENTIFIER, SECRET, CHALLENGE, RESPONSE)).isTrue();
    }

    @Test
    void identifierSecretAndChallengeAllMatter() {
        assertThat(ChapMd5.verify(IDENTIFIER + 1, SECRET, CHALLENGE, RESPONSE)).isFalse();
        assertThat(ChapMd5.verify(IDENTIFIER, "clientPasS".getBytes(StandardCharsets.US_ASCII), CHALLENGE, RESPONSE))
                .isFalse();
        byte[] otherChallenge = CHALLENGE.clone();
        otherChallenge[15] ^= 1;
        assertThat(ChapMd5.verify(IDENTIFIER, SECRET, otherChallenge, RESPONSE)).isFalse();
        assertThat(ChapMd5.verify(IDENTIFIER, SECRET, CHALLENGE, new byte[3])).isFalse();
    }
}
