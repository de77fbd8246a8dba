package org.certvpn.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.certvpn.common.Hex;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 3602 §4 test vectors. Cases 1-4 (AES-128-CBC) run through a thread's cached ciphers with the IV
 * steered through the data, exactly as open and seal drive them. Cases 5-8 are whole ESP packets without
 * authentication; an HMAC-SHA1-96 ICV (computed with javax.crypto.Mac) is appended so that
 * {@link EspContext#open} accepts them, and {@link EspContext#seal} is shown to build the same trailer.
 */
class Rfc3602Test {
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 4500);
    private static final byte[] INTEGRITY_KEY = Hex.decode("000102030405060708090a0b0c0d0e0f10111213");

    private static InboundSa inbound(byte[] aesKey, int spi) {
        ChildSaKeys keys = new ChildSaKeys(spi, spi + 1, EspCipher.AES_CBC_128, EspIntegrity.HMAC_SHA1_96, aesKey,
                INTEGRITY_KEY, aesKey, INTEGRITY_KEY, ChildSaKeys.Mode.TRANSPORT, true, 0, 0);
        return new InboundSa(keys, PEER);
    }

    private static OutboundSa outbound(byte[] aesKey, int spi) {
        ChildSaKeys keys = new ChildSaKeys(spi + 1, spi, EspCipher.AES_CBC_128, EspIntegrity.HMAC_SHA1_96, aesKey,
                INTEGRITY_KEY, aesKey, INTEGRITY_KEY, ChildSaKeys.Mode.TRANSPORT, true, 0, 0);
        return new OutboundSa(keys, PEER, new SplittableRandom(1));
    }

    @ParameterizedTest(name = "case {0}")
    @CsvSource({
        "1, 06a9214036b8a15b512e03d534120006, 3dafba429d9eb430b422da802c9fac41, 53696e676c6520626c6f636b206d7367,"
                + " e353779c1079aeb82708942dbe77181a",
        "2, c286696d887c9aa0611bbb3e2025a45a, 562e17996d093d28ddb3ba695a2e6f58,"
                + " 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f,"
                + " d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1",
        "3, 6c3ea0477630ce21a2ce334aa746c2cd, c782dc4c098c66cbd9cd27d825682c81,"
                + " 5468697320697320612034382d62797465206d657373616765202865786163746c7920332041455320626c6f636b7329,"
                + " d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5021c19216bad525c8579695d83ba2684",
        "4, 56e47a38c5598974bc46903dba290349, 8ce82eefbea0da3c44699ed7db51b7d9,"
                + " a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
                + "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf,"
                + " c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e35907aa632c3ffdf868bb7b29d3d46ad"
                + "83ce9f9a102ee99d49a53e87f4c3da55",
    })
    void aesCbcCasesWithTheIvSteeredThroughTheData(int ignoredCase, String key, String iv, String plaintext,
            String ciphertext) throws Exception {
        InboundSa sa = inbound(Hex.decode(key), 0x1234);
        byte[] ivBytes = Hex.decode(iv);
        byte[] p = Hex.decode(plaintext);
        byte[] c = Hex.decode(ciphertext);

        CipherCache decrypt = new CipherCache("AES/CBC/NoPadding", Cipher.DECRYPT_MODE, 16);
        CipherCache encrypt = new CipherCache("AES/CBC/NoPadding", Cipher.ENCRYPT_MODE, 16);
        // Twice each, so the second pass starts from whatever chaining state the first one left.
        for (int pass = 0; pass < 2; pass++) {
            int slot = decrypt.slotFor(sa);
            byte[] in = concat(ivBytes, c);
            byte[] out = new byte[in.length];
            decrypt.cipher(slot).update(in, 0, in.length, out, 0);
            assertThat(Hex.encode(Arrays.copyOfRange(out, 16, out.length))).isEqualTo(Hex.encode(p));

            slot = encrypt.slotFor(sa);
            byte[] register = encrypt.register(slot);
            byte[] steered = p.clone();
            for (int i = 0; i < 16; i++) {
                steered[i] ^= (byte) (ivBytes[i] ^ register[i]);
            }
            byte[] enc = new byte[steered.length];
            encrypt.cipher(slot).update(steered, 0, steered.length, enc, 0);
            System.arraycopy(enc, enc.length - 16, register, 0, 16);
            assertThat(Hex.encode(enc)).isEqualTo(Hex.encode(c));
        }
        assertThat(decrypt.misses()).isEqualTo(1);
        assertThat(encrypt.misses()).isEqualTo(1);
    }

    @ParameterizedTest(name = "case {0}")
    @CsvSource({
        "5, 90d382b410eeba7ad938c46cec1a82bf, 1,"
                + " 0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849a4870b66cc6b9965"
                + "330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d5913"
                + "ac19b7cfbad4a6,"
                + " 08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627"
                + "28292a2b2c2d2e2f3031323334353637",
        "6, 90d382b410eeba7ad938c46cec1a82bf, 1,"
                + " 000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109689bb379d2d750c0"
                + "d915dca346a89f75,"
                + " 0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
        "7, 0123456789abcdef0123456789abcdef, 4,"
                + " 0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c237ca96cf74a9301"
                + "3c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb220"
                + "1ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d,"
                + " 45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b0c0d0e0f10111213"
                + "1415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
        "8, 0123456789abcdef0123456789abcdef, 4,"
                + " 000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048fe45318e11f8a0f62"
                + "ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc6d"
                + "17a0decbb13892,"
                + " 45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffffffffffffffffffff"
                + "ffffffffffffffffffffffffffffffffffffffff",
    })
    void espPacketCases(int ignoredCase, String key, int nextHeader, String packet, String payload) throws Exception {
        byte[] aesKey = Hex.decode(key);
        byte[] esp = Hex.decode(packet);
        byte[] expected = Hex.decode(payload);
        int spi = Esp.readInt(esp, 0);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(INTEGRITY_KEY, "HmacSHA1"));
        byte[] icv = Arrays.copyOf(mac.doFinal(esp), 12);

        byte[] buf = new byte[300];
        System.arraycopy(esp, 0, buf, 40, esp.length);
        System.arraycopy(icv, 0, buf, 40 + esp.length, 12);
        EspContext ctx = new EspContext();
        InboundSa sa = inbound(aesKey, spi);
        assertThat(ctx.open(sa, buf, 40, esp.length + 12)).isEqualTo(EspStatus.OK);
        assertThat(ctx.nextHeader()).isEqualTo(nextHeader);
        assertThat(ctx.payloadOffset()).isEqualTo(40 + 8 + 16);
        assertThat(Hex.encode(buf, ctx.payloadOffset(), ctx.payloadLength())).isEqualTo(Hex.encode(expected));

        // Seal the same payload: under its own IV it must carry the RFC's trailer (pad 1, 2, ..., length, next).
        byte[] out = new byte[300];
        System.arraycopy(expected, 0, out, 64, expected.length);
        assertThat(ctx.seal(outbound(aesKey, spi), out, 64, expected.length, nextHeader)).isEqualTo(EspStatus.OK);
        assertThat(ctx.packetLength()).isEqualTo(esp.length + 12);
        assertThat(plaintextOf(aesKey, out, ctx.packetOffset(), esp.length))
                .isEqualTo(plaintextOf(aesKey, esp, 0, esp.length));
    }

    /** Decrypts an ESP packet's payload and trailer with a plain JCE cipher and the packet's own IV. */
    private static String plaintextOf(byte[] aesKey, byte[] buf, int off, int espLengthWithoutIcv) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"),
                new IvParameterSpec(Arrays.copyOfRange(buf, off + 8, off + 24)));
        return Hex.encode(cipher.doFinal(buf, off + 24, espLengthWithoutIcv - 24));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
