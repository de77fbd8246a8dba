package org.certvpn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.math.BigInteger;
import java.util.Arrays;
import org.certvpn.common.Hex;
import org.junit.jupiter.api.Test;

/**
 * RFC 2409 §5.1 signatures: PKCS#1 v1.5 type 1 over the raw hash, no DigestInfo. Checked by opening the
 * signature with the bare RSA public operation and reading the padding.
 */
class RsaSignaturesTest {

    @Test
    void signsTheRawHashWithoutDigestInfo() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair kp = g.generateKeyPair();
        byte[] hashI = Hex.decode("707197817fb2d90cf54d1842606bdea59b9f4823");
        byte[] sig = RsaSignatures.sign(kp.getPrivate(), hashI);

        RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
        byte[] em = DiffieHellman.leftPad(new BigInteger(1, sig).modPow(pub.getPublicExponent(), pub.getModulus()), 128);
        // EM = 00 01 FF..FF 00 || HASH_I
        assertThat(em[0]).isEqualTo((byte) 0);
        assertThat(em[1]).isEqualTo((byte) 1);
        int sep = 128 - hashI.length - 1;
        for (int i = 2; i < sep; i++) {
            assertThat(em[i]).isEqualTo((byte) 0xff);
        }
        assertThat(em[sep]).isEqualTo((byte) 0);
        assertThat(Arrays.copyOfRange(em, sep + 1, 128)).isEqualTo(hashI);

        assertThat(RsaSignatures.verify(pub, hashI, sig)).isTrue();
        byte[] other = hashI.clone();
        other[0] ^= 1;
        assertThat(RsaSignatures.verify(pub, other, sig)).isFalse();
        assertThat(RsaSignatures.verify(pub, hashI, new byte[3])).isFalse();
    }
}
