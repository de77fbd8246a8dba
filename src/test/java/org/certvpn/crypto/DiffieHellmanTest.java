package org.certvpn.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.util.Random;
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPrivateKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPrivateKeySpec;
import javax.crypto.spec.DHPublicKeySpec;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.certvpn.common.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DH for every IKE group: RFC 5903 §8 vectors for ECP, the JDK's DH as the reference for MODP. */
class DiffieHellmanTest {

    @Test
    void ecp256Rfc5903Section8_1() throws Exception {
        DhKeyPair i = DiffieHellman.fromPrivate(DhGroup.ECP_256,
                new BigInteger("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433", 16));
        DhKeyPair r = DiffieHellman.fromPrivate(DhGroup.ECP_256,
                new BigInteger("c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53", 16));
        assertThat(Hex.encode(i.publicValue())).isEqualTo(
                "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
                        + "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3");
        assertThat(Hex.encode(r.publicValue())).isEqualTo(
                "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
                        + "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab");
        String gir = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";
        assertThat(Hex.encode(i.sharedSecret(r.publicValue()))).isEqualTo(gir);
        assertThat(Hex.encode(r.sharedSecret(i.publicValue()))).isEqualTo(gir);
    }

    @Test
    void ecp384Rfc5903Section8_2() throws Exception {
        DhKeyPair i = DiffieHellman.fromPrivate(DhGroup.ECP_384, new BigInteger(
                "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194", 16));
        DhKeyPair r = DiffieHellman.fromPrivate(DhGroup.ECP_384, new BigInteger(
                "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc", 16));
        assertThat(Hex.encode(i.publicValue())).isEqualTo(
                "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa"
                        + "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c");
        String gir = "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746";
        assertThat(Hex.encode(i.sharedSecret(r.publicValue()))).isEqualTo(gir);
        assertThat(Hex.encode(r.sharedSecret(i.publicValue()))).isEqualTo(gir);
    }

    @Test
    void ecpRejectsPointsOffTheCurve() {
        DhKeyPair i = DhKeySource.from(new Random(1)).generate(DhGroup.ECP_256);
        byte[] bad = i.publicValue();
        bad[63] ^= 1;
        assertThatThrownBy(() -> i.sharedSecret(bad)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> i.sharedSecret(new byte[63])).isInstanceOf(InvalidKeyException.class);
    }

    @ParameterizedTest
    @EnumSource(value = DhGroup.class, names = {"MODP_1024", "MODP_1536", "MODP_2048", "MODP_3072", "MODP_4096"})
    void modpAgreesWithTheJdk(DhGroup group) throws Exception {
        DhKeySource source = DhKeySource.from(new Random(group.number()));
        DhKeyPair ours = source.generate(group);
        DhKeyPair theirs = source.generate(group);
        byte[] secret = ours.sharedSecret(theirs.publicValue());
        assertThat(secret).hasSize(group.bits() / 8).isEqualTo(theirs.sharedSecret(ours.publicValue()));
        assertThat(ours.publicValue()).hasSize(DiffieHellman.publicValueLength(group));

        // The JDK's DH with our private value and the standard parameters gives the same g^xy.
        var params = switch (group) {
            case MODP_1024 -> DHStandardGroups.rfc2409_1024;
            case MODP_1536 -> DHStandardGroups.rfc3526_1536;
            case MODP_2048 -> DHStandardGroups.rfc3526_2048;
            case MODP_3072 -> DHStandardGroups.rfc3526_3072;
            default -> DHStandardGroups.rfc3526_4096;
        };
        BigInteger x = findPrivate(ours, params.getP(), params.getG(), group);
        KeyFactory kf = KeyFactory.getInstance("DH");
        DHPrivateKey priv = (DHPrivateKey) kf.generatePrivate(new DHPrivateKeySpec(x, params.getP(), params.getG()));
        PublicKey pub = kf.generatePublic(
                new DHPublicKeySpec(new BigInteger(1, theirs.publicValue()), params.getP(), params.getG()));
        KeyAgreement ka = KeyAgreement.getInstance("DH");
        ka.init(priv, new DHParameterSpec(params.getP(), params.getG()));
        ka.doPhase(pub, true);
        assertThat(ka.generateSecret()).isEqualTo(secret);
    }

    /** Recovers the private value by regenerating with the same seed (the source draws it first). */
    private static BigInteger findPrivate(DhKeyPair pair, BigInteger p, BigInteger g, DhGroup group) {
        Random again = new Random(group.number());
        int bits = group.bits() <= 2048 ? 256 : group.bits() <= 3072 ? 320 : 384;
        byte[] b = new byte[bits / 8];
        again.nextBytes(b);
        BigInteger x = new BigInteger(1, b);
        assertThat(DiffieHellman.leftPad(g.modPow(x, p), group.bits() / 8)).isEqualTo(pair.publicValue());
        return x;
    }

    @Test
    void sharedSecretKeepsLeadingZeros() throws Exception {
        // About one secret in 256 starts with a zero byte: find one deterministically and check that it is
        // still the full modulus length (BigInteger.toByteArray() would have dropped the zero).
        DhKeySource source = DhKeySource.from(new Random(7));
        DhKeyPair ours = source.generate(DhGroup.MODP_1024);
        for (int attempt = 0; attempt < 5000; attempt++) {
            DhKeyPair theirs = source.generate(DhGroup.MODP_1024);
            byte[] secret = ours.sharedSecret(theirs.publicValue());
            if (secret[0] == 0) {
                assertThat(secret).hasSize(128);
                assertThat(new BigInteger(1, secret).toByteArray().length).isLessThan(128);
                return;
            }
        }
        throw new AssertionError("no leading-zero secret in 5000 tries");
    }

    @Test
    void modpRejectsDegenerateValues() {
        DhKeyPair ours = DhKeySource.from(new Random(3)).generate(DhGroup.MODP_1024);
        byte[] one = new byte[128];
        one[127] = 1;
        assertThatThrownBy(() -> ours.sharedSecret(one)).isInstanceOf(InvalidKeyException.class);
        byte[] pMinus1 = DiffieHellman.leftPad(DHStandardGroups.rfc2409_1024.getP().subtract(BigInteger.ONE), 128);
        assertThatThrownBy(() -> ours.sharedSecret(pMinus1)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> ours.sharedSecret(new byte[127])).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void seededSourceIsDeterministic() {
        byte[] a = DhKeySource.from(new Random(42)).generate(DhGroup.ECP_384).publicValue();
        byte[] b = DhKeySource.from(new Random(42)).generate(DhGroup.ECP_384).publicValue();
        assertThat(a).isEqualTo(b);
    }
}
