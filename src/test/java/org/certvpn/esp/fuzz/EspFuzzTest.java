package org.certvpn.esp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.certvpn.esp.Esp;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.EspSaPair;
import org.certvpn.esp.EspStatus;
import org.certvpn.esp.InboundSaTable;
import org.certvpn.esp.TransportUdp;
import org.certvpn.esp.UdpEncapsulation;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;

/**
 * ESP open and the UDP/4500 demultiplexer on arbitrary bytes, with real SAs: nothing may throw, and a
 * successful open must report bounds inside the packet.
 *
 * <p>The first input byte picks how the rest is used, so that the fuzzer also gets past the ICV:
 * 0 = the bytes are the ESP packet; 1 = the bytes are a payload sealed by the peer, then the fuzzer's
 * first bytes choose one byte to corrupt; 2 = the bytes are the ciphertext of a packet with a VALID ICV,
 * so decryption and the padding checks see arbitrary plaintext.
 */
class EspFuzzTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.33", 4500);
    private static final InetSocketAddress GATEWAY = new InetSocketAddress("192.0.2.1", 4500);
    private static final byte[] AES_KEY = bytes(1, 16);
    private static final byte[] SHA1_KEY = bytes(2, 20);
    private static final byte[] DES_KEY = bytes(3, 24);
    private static final byte[] SHA256_KEY = bytes(4, 32);

    private static final ChildSaKeys AES_GATEWAY = new ChildSaKeys(0x1000, 0x2000, EspCipher.AES_CBC_128,
            EspIntegrity.HMAC_SHA1_96, AES_KEY, SHA1_KEY, AES_KEY, SHA1_KEY, ChildSaKeys.Mode.TRANSPORT, true, 0, 0);
    private static final ChildSaKeys AES_PEER = new ChildSaKeys(0x2000, 0x1000, EspCipher.AES_CBC_128,
            EspIntegrity.HMAC_SHA1_96, AES_KEY, SHA1_KEY, AES_KEY, SHA1_KEY, ChildSaKeys.Mode.TRANSPORT, true, 0, 0);
    private static final ChildSaKeys DES_GATEWAY = new ChildSaKeys(0x3000, 0x4000, EspCipher.TRIPLE_DES_CBC,
            EspIntegrity.HMAC_SHA2_256_128, DES_KEY, SHA256_KEY, DES_KEY, SHA256_KEY, ChildSaKeys.Mode.TRANSPORT,
            true, 0, 0);

    private static final EspContext CONTEXT = new EspContext();
    private static final EspContext PEER_CONTEXT = new EspContext();

    private static byte[] bytes(int seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @FuzzTest(maxDuration = "30s")
    void open(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        // Fresh SAs per input so that replay state never makes the run order matter.
        InboundSaTable table = new InboundSaTable();
        EspSaPair aes = EspSaPair.create(AES_GATEWAY, PEER, new SplittableRandom(5));
        EspSaPair des = EspSaPair.create(DES_GATEWAY, PEER, new SplittableRandom(6));
        table.install(aes.inbound());
        table.install(des.inbound());
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        byte[] packet = switch (input[0] & 3) {
            case 1 -> sealedAndCorrupted(rest);
            case 2 -> validIcvAroundCiphertext(rest, (input[0] & 4) != 0);
            default -> rest;
        };
        if (packet == null) {
            return;
        }
        byte[] buf = new byte[packet.length + 7];
        System.arraycopy(packet, 0, buf, 3, packet.length);
        EspStatus status = CONTEXT.open(table, buf, 3, packet.length, PEER);
        if (status == EspStatus.OK) {
            assertThat(CONTEXT.payloadOffset()).isGreaterThanOrEqualTo(3);
            assertThat(CONTEXT.payloadOffset() + CONTEXT.payloadLength()).isLessThanOrEqualTo(3 + packet.length);
        }
    }

    private static byte[] sealedAndCorrupted(byte[] rest) {
        if (rest.length < 3) {
            return null;
        }
        int corruptAt = (rest[0] & 0xFF) << 8 | (rest[1] & 0xFF);
        byte[] payload = Arrays.copyOfRange(rest, 2, Math.min(rest.length, 2 + 2000));
        EspSaPair peer = EspSaPair.create(AES_PEER, GATEWAY, new SplittableRandom(7));
        byte[] buf = new byte[payload.length + Esp.MAX_HEADROOM + Esp.MAX_TAILROOM];
        System.arraycopy(payload, 0, buf, Esp.MAX_HEADROOM, payload.length);
        if (PEER_CONTEXT.seal(peer.outbound(), buf, Esp.MAX_HEADROOM, payload.length, rest[2] & 0xFF)
                != EspStatus.OK) {
            throw new AssertionError("seal failed");
        }
        byte[] packet = Arrays.copyOfRange(buf, PEER_CONTEXT.packetOffset(),
                PEER_CONTEXT.packetOffset() + PEER_CONTEXT.packetLength());
        if (corruptAt < packet.length) {
            packet[corruptAt] ^= (byte) 0x80;
        }
        return packet;
    }

    private static byte[] validIcvAroundCiphertext(byte[] rest, boolean tripleDes) throws Exception {
        int spi = tripleDes ? 0x3000 : 0x1000;
        int icvLength = tripleDes ? 16 : 12;
        byte[] key = tripleDes ? SHA256_KEY : SHA1_KEY;
        String algorithm = tripleDes ? "HmacSHA256" : "HmacSHA1";
        byte[] packet = new byte[8 + rest.length + icvLength];
        packet[0] = (byte) (spi >>> 24);
        packet[1] = (byte) (spi >>> 16);
        packet[2] = (byte) (spi >>> 8);
        packet[3] = (byte) spi;
        packet[7] = 1;
        System.arraycopy(rest, 0, packet, 8, rest.length);
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        mac.update(packet, 0, 8 + rest.length);
        System.arraycopy(mac.doFinal(), 0, packet, 8 + rest.length, icvLength);
        return packet;
    }

    /** The inner UDP helpers on whatever an opened transport-mode payload might hold. */
    @FuzzTest(maxDuration = "30s")
    void transportUdp(byte[] payload) {
        if (!TransportUdp.isWellFormed(payload, 0, payload.length)) {
            return;
        }
        int source = 0xC000_0202;
        int destination = 0xC000_0201;
        // A checksum made over the client's private address, fixed up for the outer one, must verify there.
        TransportUdp.fillChecksum(payload, 0, payload.length, 0xC0A8_0001, destination);
        TransportUdp.adjustForOriginalAddresses(payload, 0, 0xC0A8_0001, destination, source, destination);
        assertThat(TransportUdp.verifyChecksum(payload, 0, payload.length, source, destination)).isTrue();
        TransportUdp.clearChecksum(payload, 0);
        assertThat(TransportUdp.checksum(payload, 0)).isZero();
    }

    @FuzzTest(maxDuration = "30s")
    void udpDemux(byte[] datagram) {
        InboundSaTable table = new InboundSaTable();
        table.install(EspSaPair.create(AES_GATEWAY, PEER, new SplittableRandom(8)).inbound());
        UdpEncapsulation.Kind kind = UdpEncapsulation.classify(datagram, 0, datagram.length);
        switch (kind) {
            case IKE -> assertThat(datagram.length).isGreaterThanOrEqualTo(UdpEncapsulation.NON_ESP_MARKER_LENGTH);
            case NAT_KEEPALIVE -> assertThat(datagram).containsExactly(UdpEncapsulation.NAT_KEEPALIVE);
            case ESP -> CONTEXT.open(table, datagram, 0, datagram.length, PEER);
            case MALFORMED -> assertThat(datagram.length).isLessThan(Esp.HEADER_LENGTH);
        }
    }
}
