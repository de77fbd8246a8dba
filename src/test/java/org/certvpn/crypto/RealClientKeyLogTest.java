package org.certvpn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 2409 derivations cross-checked against a real client (issue 5): strongSwan's charon, as the
 * initiator of a real connection to the gateway, logged the Diffie-Hellman secret and every key it
 * derived; the connection's packets were captured whole. From the wire values (cookies, nonces,
 * g^x, SA payload) and g^xy alone this test derives SKEYID, SKEYID_d/a/e and the cipher key (§5,
 * Appendix B) with the gateway's code and compares them with the client's, decrypts MM5 and MM6
 * with the phase 1 IV (§5, Appendix B: hash(g^xi | g^xr), then CBC chaining) and checks HASH_I and
 * HASH_R (as PSK hashes or RSA signatures over them), decrypts Quick Mode with the phase 2 IV
 * (hash(last phase 1 block | M-ID)) and checks HASH(1), HASH(2) and HASH(3) (§5.5), and derives the
 * ESP KEYMAT of both SPIs (§5.5) and compares it with the client's ESP keys.
 *
 * <p>The recorded files come from `interop/run.sh keylog-psk keylog-cert` (interop/README.md); a
 * fresh one is checked with {@code -Dcertvpn.keylog.vector=FILE}.
 */
class RealClientKeyLogTest {
    private static final String DIR = "/org/certvpn/crypto/real-client-keylog/";
    private static final int ID = 5;
    private static final int CERT = 6;
    private static final int HASH = 8;
    private static final int SIG = 9;
    private static final int NONCE = 10;
    private static final int SA = 1;

    static Stream<String> recorded() {
        return Stream.of("strongswan-psk-aes128-sha256.txt", "strongswan-cert-aes256-sha1.txt");
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void recordedConnectionDerivesTheClientsKeys(String file) throws Exception {
        check(VectorFile.read(DIR + file));
    }

    @Test
    void freshVectorFromAnInteropRun() throws Exception {
        String file = System.getProperty("certvpn.keylog.vector");
        Assumptions.assumeTrue(file != null && !file.isBlank(), "no -Dcertvpn.keylog.vector given");
        check(readFile(Path.of(file)));
    }

    private static void check(List<VectorFile.Case> cases) throws Exception {
        assertThat(cases).hasSize(1);
        VectorFile.Case v = cases.get(0);
        IkeHash hash = v.hash();
        Prf prf = Prf.hmac(hash);
        IkeCipher cipher = IkeCipher.valueOf(v.get("cipher"));
        byte[] ckyI = v.bytes("cky_i");
        byte[] ckyR = v.bytes("cky_r");
        byte[] gxi = v.bytes("gxi");
        byte[] gxr = v.bytes("gxr");
        byte[] ni = v.bytes("ni");
        byte[] nr = v.bytes("nr");
        byte[] gxy = v.bytes("client_gxy");
        boolean psk = v.get("auth").equals("psk");

        // §5: SKEYID and its three children, and Appendix B's cipher key.
        byte[] skeyid = psk ? Ikev1KeyDerivation.skeyidPreSharedKey(prf, v.bytes("psk"), ni, nr)
                : Ikev1KeyDerivation.skeyidSignature(prf, ni, nr, gxy);
        assertThat(skeyid).as("SKEYID").isEqualTo(v.bytes("client_skeyid"));
        byte[] d = Ikev1KeyDerivation.skeyidD(prf, skeyid, gxy, ckyI, ckyR);
        byte[] a = Ikev1KeyDerivation.skeyidA(prf, skeyid, d, gxy, ckyI, ckyR);
        byte[] e = Ikev1KeyDerivation.skeyidE(prf, skeyid, a, gxy, ckyI, ckyR);
        assertThat(d).as("SKEYID_d").isEqualTo(v.bytes("client_skeyid_d"));
        assertThat(a).as("SKEYID_a").isEqualTo(v.bytes("client_skeyid_a"));
        assertThat(e).as("SKEYID_e").isEqualTo(v.bytes("client_skeyid_e"));
        byte[] ka = Ikev1KeyDerivation.cipherKey(prf, e, cipher.keyLength());
        assertThat(ka).as("cipher key").isEqualTo(v.bytes("client_ka"));

        // MM5 and MM6, decrypted with the phase 1 IV and CBC chaining across the two messages.
        byte[] mm5 = v.bytes("mm5");
        byte[] mm6 = v.bytes("mm6");
        byte[] iv = Ikev1KeyDerivation.phase1Iv(hash, gxi, gxr, cipher.blockSize());
        List<Payload> p5 = decrypt(cipher, ka, iv, mm5);
        List<Payload> p6 = decrypt(cipher, ka, lastBlock(mm5, cipher), mm6);
        byte[] idii = find(p5, ID).body();
        byte[] idir = find(p6, ID).body();
        byte[] saiB = v.bytes("sai_b");
        byte[] hashI = Ikev1Hashes.hashI(prf, skeyid, gxi, gxr, ckyI, ckyR, saiB, idii);
        byte[] hashR = Ikev1Hashes.hashR(prf, skeyid, gxr, gxi, ckyR, ckyI, saiB, idir);
        if (psk) {
            assertThat(find(p5, HASH).body()).as("HASH_I in MM5").isEqualTo(hashI);
            assertThat(find(p6, HASH).body()).as("HASH_R in MM6").isEqualTo(hashR);
        } else {
            assertThat(RsaSignatures.verify(certificate(p5).getPublicKey(), hashI, find(p5, SIG).body()))
                    .as("MM5's signature is the client certificate's over HASH_I").isTrue();
            assertThat(RsaSignatures.verify(certificate(p6).getPublicKey(), hashR, find(p6, SIG).body()))
                    .as("MM6's signature is the gateway certificate's over HASH_R").isTrue();
        }

        // Quick Mode: phase 2 IV from the last block of MM6, then chaining within the exchange.
        byte[] qm1 = v.bytes("qm1");
        byte[] qm2 = v.bytes("qm2");
        byte[] qm3 = v.bytes("qm3");
        int mid = ByteBuffer.wrap(qm1, 20, 4).getInt();
        assertThat(ByteBuffer.wrap(qm2, 20, 4).getInt()).isEqualTo(mid);
        byte[] qmIv = Ikev1KeyDerivation.phase2Iv(hash, lastBlock(mm6, cipher), mid, cipher.blockSize());
        byte[] plain1 = decryptRaw(cipher, ka, qmIv, qm1);
        byte[] plain2 = decryptRaw(cipher, ka, lastBlock(qm1, cipher), qm2);
        byte[] plain3 = decryptRaw(cipher, ka, lastBlock(qm2, cipher), qm3);
        List<Payload> q1 = chain(plain1, qm1[16]);
        List<Payload> q2 = chain(plain2, qm2[16]);
        List<Payload> q3 = chain(plain3, qm3[16]);
        byte[] niB = find(q1, NONCE).body();
        byte[] nrB = find(q2, NONCE).body();
        assertThat(q1.get(0).body()).as("HASH(1)")
                .isEqualTo(Ikev1Hashes.quickModeHash1(prf, a, mid, afterHash(plain1, q1)));
        assertThat(q2.get(0).body()).as("HASH(2)")
                .isEqualTo(Ikev1Hashes.quickModeHash2(prf, a, mid, niB, afterHash(plain2, q2)));
        assertThat(q3.get(0).body()).as("HASH(3)").isEqualTo(Ikev1Hashes.quickModeHash3(prf, a, mid, niB, nrB));

        // §5.5 KEYMAT: the key of an SA comes from the SPI of its receiver. The initiator's outbound
        // keys use the responder's SPI (from QM2), the responder's outbound keys the initiator's (QM1).
        byte[] spiI = espSpi(find(q1, SA).body());
        byte[] spiR = espSpi(find(q2, SA).body());
        int enc = Integer.parseInt(v.get("esp_enc_bytes"));
        int integ = Integer.parseInt(v.get("esp_int_bytes"));
        byte[] keysI = Ikev1KeyDerivation.keymat(prf, d, null, 3, spiR, niB, nrB, enc + integ);
        byte[] keysR = Ikev1KeyDerivation.keymat(prf, d, null, 3, spiI, niB, nrB, enc + integ);
        assertThat(Arrays.copyOf(keysI, enc)).as("ESP encryption key, initiator to responder")
                .isEqualTo(v.bytes("client_esp_enc_i"));
        assertThat(Arrays.copyOfRange(keysI, enc, enc + integ)).as("ESP integrity key, initiator to responder")
                .isEqualTo(v.bytes("client_esp_int_i"));
        assertThat(Arrays.copyOf(keysR, enc)).as("ESP encryption key, responder to initiator")
                .isEqualTo(v.bytes("client_esp_enc_r"));
        assertThat(Arrays.copyOfRange(keysR, enc, enc + integ)).as("ESP integrity key, responder to initiator")
                .isEqualTo(v.bytes("client_esp_int_r"));
    }

    private record Payload(int type, int offset, int length, byte[] body) {}

    private static List<Payload> decrypt(IkeCipher cipher, byte[] key, byte[] iv, byte[] message)
            throws GeneralSecurityException {
        return chain(decryptRaw(cipher, key, iv, message), message[16]);
    }

    private static byte[] decryptRaw(IkeCipher cipher, byte[] key, byte[] iv, byte[] message)
            throws GeneralSecurityException {
        assertThat(message[19] & 1).as("encryption flag").isEqualTo(1);
        Cipher c = Cipher.getInstance(cipher.jceTransformation());
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, cipher.jceKeyAlgorithm()), new IvParameterSpec(iv));
        return c.doFinal(message, 28, message.length - 28);
    }

    private static byte[] lastBlock(byte[] message, IkeCipher cipher) {
        return Arrays.copyOfRange(message, message.length - cipher.blockSize(), message.length);
    }

    /** The generic payload chain of a decrypted body; the padding after it is not part of any payload. */
    private static List<Payload> chain(byte[] plain, int first) {
        List<Payload> out = new ArrayList<>();
        int type = first & 0xff;
        int off = 0;
        while (type != 0) {
            assertThat(off + 4).as("payload header inside the decrypted body").isLessThanOrEqualTo(plain.length);
            int next = plain[off] & 0xff;
            int len = ((plain[off + 2] & 0xff) << 8) | (plain[off + 3] & 0xff);
            assertThat(len).as("payload length").isBetween(4, plain.length - off);
            out.add(new Payload(type, off, len, Arrays.copyOfRange(plain, off + 4, off + len)));
            type = next;
            off += len;
        }
        return out;
    }

    private static byte[] afterHash(byte[] plain, List<Payload> payloads) {
        assertThat(payloads.get(0).type()).isEqualTo(HASH);
        Payload last = payloads.get(payloads.size() - 1);
        return Arrays.copyOfRange(plain, payloads.get(1).offset(), last.offset() + last.length());
    }

    private static Payload find(List<Payload> payloads, int type) {
        Optional<Payload> p = payloads.stream().filter(x -> x.type() == type).findFirst();
        assertThat(p).as("payload type " + type + " in " + payloads.stream().map(Payload::type).toList()).isPresent();
        return p.get();
    }

    private static X509Certificate certificate(List<Payload> payloads) throws GeneralSecurityException {
        byte[] body = find(payloads, CERT).body();
        assertThat(body[0]).as("certificate encoding X.509 signature").isEqualTo((byte) 4);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(body, 1, body.length - 1));
    }

    /** The SPI of the first proposal of a Quick Mode SA payload body (DOI, situation, proposal). */
    private static byte[] espSpi(byte[] saBody) {
        int proposal = 8;
        int protocol = saBody[proposal + 5] & 0xff;
        int spiSize = saBody[proposal + 6] & 0xff;
        assertThat(protocol).as("ESP proposal").isEqualTo(3);
        assertThat(spiSize).isEqualTo(4);
        return Arrays.copyOfRange(saBody, proposal + 8, proposal + 12);
    }

    /** A vector file outside the classpath, in VectorFile's format (one case, a {@code [hash = ...]} context). */
    private static List<VectorFile.Case> readFile(Path file) throws IOException {
        java.util.Map<String, String> context = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (line.startsWith("[") && line.endsWith("]")) {
                context.put("hash", line.substring(eq + 1, line.length() - 1).strip());
            } else {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return List.of(new VectorFile.Case(context, values));
    }
}
