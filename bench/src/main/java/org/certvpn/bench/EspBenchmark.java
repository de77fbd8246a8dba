package org.certvpn.bench;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.certvpn.esp.Esp;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.EspSaPair;
import org.certvpn.esp.EspStatus;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ESP seal and open ({@link EspContext}) beside the bare JCE work of the same suite on the same buffer:
 * the baseline encrypts the padded payload and MACs header, IV and ciphertext with a {@link Cipher} keyed
 * once and a {@link Mac}, which is the least any ESP implementation on the JCE must do. The ratio
 * {@code sealOpen / bareSealOpen} is what BENCHMARKS.md reports (target: at most 1.3).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EspBenchmark {
    /** Suites as IKE names them: cipher and integrity. */
    @Param({"AES128_SHA1", "AES128_SHA256", "AES256_SHA1", "AES256_SHA256", "3DES_SHA1"})
    public String suite;

    /** Inner payload length (the L2TP datagram with its UDP header). */
    @Param({"64", "1400"})
    public int size;

    private static final int HEADROOM = 64;
    private final byte[] buf = new byte[HEADROOM + 2048];
    private final byte[] out = new byte[4096];
    private final byte[] macOut = new byte[64];
    private final EspContext esp = new EspContext();
    private EspSaPair sender;
    private EspSaPair receiver;
    private Cipher encrypt;
    private Cipher decrypt;
    private Mac mac;
    private int padded;
    private int ivLength;

    @Setup
    public void setUp() throws Exception {
        EspCipher cipher = switch (suite) {
            case "AES128_SHA1", "AES128_SHA256" -> EspCipher.AES_CBC_128;
            case "AES256_SHA1", "AES256_SHA256" -> EspCipher.AES_CBC_256;
            case "3DES_SHA1" -> EspCipher.TRIPLE_DES_CBC;
            default -> throw new IllegalArgumentException(suite);
        };
        EspIntegrity integrity = suite.endsWith("SHA256") ? EspIntegrity.HMAC_SHA2_256_128 : EspIntegrity.HMAC_SHA1_96;
        SplittableRandom r = new SplittableRandom(1);
        byte[] encA = bytes(r, cipher.keyLength());
        byte[] intA = bytes(r, integrity.keyLength());
        byte[] encB = bytes(r, cipher.keyLength());
        byte[] intB = bytes(r, integrity.keyLength());
        InetSocketAddress peer = new InetSocketAddress("192.0.2.1", 4500);
        sender = EspSaPair.create(new ChildSaKeys(0x1001, 0x2002, cipher, integrity, encB, intB, encA, intA,
                ChildSaKeys.Mode.TRANSPORT, true, 0, 0), peer, r);
        receiver = EspSaPair.create(new ChildSaKeys(0x2002, 0x1001, cipher, integrity, encA, intA, encB, intB,
                ChildSaKeys.Mode.TRANSPORT, true, 0, 0), peer, r);
        for (int i = 0; i < size; i++) {
            buf[HEADROOM + i] = (byte) r.nextInt();
        }
        ivLength = cipher.ivLength();
        padded = (size + 2 + cipher.blockSize() - 1) / cipher.blockSize() * cipher.blockSize();
        encrypt = Cipher.getInstance(cipher.jceTransformation());
        encrypt.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encA, cipher.jceKeyAlgorithm()),
                new IvParameterSpec(new byte[ivLength]));
        decrypt = Cipher.getInstance(cipher.jceTransformation());
        decrypt.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encA, cipher.jceKeyAlgorithm()),
                new IvParameterSpec(new byte[ivLength]));
        mac = Mac.getInstance(integrity.jceAlgorithm());
        mac.init(new SecretKeySpec(intA, integrity.jceAlgorithm()));
        if (esp.seal(sender.outbound(), buf, HEADROOM, size, Esp.NEXT_HEADER_UDP) != EspStatus.OK
                || esp.open(receiver.inbound(), buf, esp.packetOffset(), esp.packetLength()) != EspStatus.OK) {
            throw new IllegalStateException("round trip failed");
        }
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** One ESP packet sealed in place: padding, sequence number, IV, encryption, ICV. */
    @Benchmark
    public int seal() {
        esp.seal(sender.outbound(), buf, HEADROOM, size, Esp.NEXT_HEADER_UDP);
        return esp.packetLength();
    }

    /** Seal, then open on the receiving SA (ICV, replay window, decryption, padding check). */
    @Benchmark
    public int sealOpen() {
        esp.seal(sender.outbound(), buf, HEADROOM, size, Esp.NEXT_HEADER_UDP);
        return esp.open(receiver.inbound(), buf, esp.packetOffset(), esp.packetLength()).ordinal();
    }

    /** The bare crypto of a seal: encrypt the padded payload, MAC header + IV + ciphertext. */
    @Benchmark
    public int bareSeal() throws Exception {
        int start = HEADROOM - Esp.HEADER_LENGTH - ivLength;
        encrypt.update(buf, HEADROOM, padded, out, 0);
        mac.update(buf, start, Esp.HEADER_LENGTH + ivLength);
        mac.update(out, 0, padded);
        mac.doFinal(macOut, 0);
        return macOut[0];
    }

    /** The bare crypto of a seal and an open: the above, then MAC and decrypt the ciphertext. */
    @Benchmark
    public int bareSealOpen() throws Exception {
        int start = HEADROOM - Esp.HEADER_LENGTH - ivLength;
        encrypt.update(buf, HEADROOM, padded, out, 0);
        mac.update(buf, start, Esp.HEADER_LENGTH + ivLength);
        mac.update(out, 0, padded);
        mac.doFinal(macOut, 0);
        mac.update(buf, start, Esp.HEADER_LENGTH + ivLength);
        mac.update(out, 0, padded);
        mac.doFinal(macOut, 0);
        decrypt.update(out, 0, padded, out, 2048);
        return macOut[0] + out[2048];
    }
}
