package org.certvpn.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.certvpn.common.Hex;
import org.junit.jupiter.api.Test;

/** Inner UDP header of transport-mode ESP and the RFC 3948 §3.1.2 checksum treatments. */
class TransportUdpTest {
    private static final int CLIENT_PRIVATE = 0xC0A8_0105; // the client's address behind its NAT
    private static final int NAT_PUBLIC = 0xCB00_7107;     // 203.0.113.7, what the gateway sees
    private static final int GATEWAY = 0xC000_0201;        // 192.0.2.1

    @Test
    void knownChecksum() {
        // Hand-computed: pseudo-header 192.0.2.1 -> 192.0.2.2, UDP, length 10; ports 1701 -> 1701; data "hi".
        byte[] b = new byte[10];
        TransportUdp.writeHeader(b, 0, 1701, 1701, 2);
        b[8] = 'h';
        b[9] = 'i';
        TransportUdp.fillChecksum(b, 0, 10, 0xC000_0201, 0xC000_0202);
        // c000+0201+c000+0202+0011+000a + 06a5+06a5+000a+0000+6869 = 0x1f9db -> 0xf9dc -> checksum 0x0623
        assertThat(Hex.encode(b)).isEqualTo("06a506a5000a06236869");
        assertThat(TransportUdp.isWellFormed(b, 0, 10)).isTrue();
        assertThat(TransportUdp.isWellFormed(b, 0, 9)).isFalse();
        assertThat(TransportUdp.verifyChecksum(b, 0, 10, 0xC000_0201, 0xC000_0202)).isTrue();
        b[9] = 'j';
        assertThat(TransportUdp.verifyChecksum(b, 0, 10, 0xC000_0201, 0xC000_0202)).isFalse();
    }

    @Test
    void natOaAdjustmentMakesTheClientsChecksumValidForTheOuterAddresses() {
        SplittableRandom random = new SplittableRandom(3948);
        for (int i = 0; i < 500; i++) {
            int dataLen = random.nextInt(200);
            byte[] b = new byte[8 + dataLen];
            random.nextBytes(b);
            TransportUdp.writeHeader(b, 0, 1701, 1701, dataLen);
            TransportUdp.fillChecksum(b, 0, b.length, CLIENT_PRIVATE, GATEWAY);
            assertThat(TransportUdp.verifyChecksum(b, 0, b.length, NAT_PUBLIC, GATEWAY)).isFalse();
            TransportUdp.adjustForOriginalAddresses(b, 0, CLIENT_PRIVATE, GATEWAY, NAT_PUBLIC, GATEWAY);
            assertThat(TransportUdp.verifyChecksum(b, 0, b.length, NAT_PUBLIC, GATEWAY)).as("round %d", i).isTrue();
        }
    }

    @Test
    void zeroChecksumMeansNoneAndStaysZero() {
        byte[] b = new byte[12];
        TransportUdp.writeHeader(b, 0, 1701, 1701, 4);
        assertThat(TransportUdp.checksum(b, 0)).isZero();
        assertThat(TransportUdp.verifyChecksum(b, 0, 12, 1, 2)).isTrue();
        TransportUdp.adjustForOriginalAddresses(b, 0, CLIENT_PRIVATE, GATEWAY, NAT_PUBLIC, GATEWAY);
        assertThat(TransportUdp.checksum(b, 0)).isZero();
        TransportUdp.fillChecksum(b, 0, 12, CLIENT_PRIVATE, GATEWAY);
        assertThat(TransportUdp.checksum(b, 0)).isNotZero();
        TransportUdp.clearChecksum(b, 0);
        assertThat(TransportUdp.checksum(b, 0)).isZero();
        assertThat(TransportUdp.sourcePort(b, 0)).isEqualTo(1701);
        assertThat(TransportUdp.destinationPort(b, 0)).isEqualTo(1701);
        assertThat(TransportUdp.length(b, 0)).isEqualTo(12);
    }
}
