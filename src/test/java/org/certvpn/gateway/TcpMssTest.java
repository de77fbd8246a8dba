package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TcpMssTest {
    /** IPv4 + TCP SYN with the given options; checksums computed from scratch. */
    static byte[] syn(byte[] options, int flags) {
        int tcpLen = 20 + options.length;
        byte[] p = new byte[20 + tcpLen];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 6;
        p[12] = (byte) 203; p[13] = 0; p[14] = 113; p[15] = (byte) 130;
        p[16] = (byte) 198; p[17] = 51; p[18] = 100; p[19] = (byte) 200;
        p[20] = 0x30; p[21] = 0x39; p[22] = 0x00; p[23] = 0x50;
        p[32] = (byte) ((tcpLen / 4) << 4);
        p[33] = (byte) flags;
        p[34] = (byte) 0xFF; p[35] = (byte) 0xFF;
        System.arraycopy(options, 0, p, 40, options.length);
        int c = tcpChecksum(p);
        p[36] = (byte) (c >>> 8);
        p[37] = (byte) c;
        return p;
    }

    static int tcpChecksum(byte[] p) {
        int tcpLen = p.length - 20;
        long sum = 0;
        for (int i = 12; i < 20; i += 2) {
            sum += ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
        }
        sum += 6 + tcpLen;
        for (int i = 20; i < p.length; i += 2) {
            if (i == 36) {
                continue;
            }
            int hi = p[i] & 0xFF;
            int lo = i + 1 < p.length ? p[i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    static int checksumField(byte[] p) {
        return ((p[36] & 0xFF) << 8) | (p[37] & 0xFF);
    }

    @Test
    void clampsAnAlignedMssAndKeepsTheChecksumValid() {
        byte[] p = syn(new byte[] {2, 4, 0x05, (byte) 0xB4}, 0x02); // MSS 1460
        assertThat(TcpMss.clamp(p, 0, p.length, 1240)).isTrue();
        assertThat(((p[42] & 0xFF) << 8) | (p[43] & 0xFF)).isEqualTo(1240);
        assertThat(checksumField(p)).isEqualTo(tcpChecksum(p));
    }

    @Test
    void clampsAnMssAtAnOddOffsetBehindANop() {
        byte[] p = syn(new byte[] {1, 2, 4, 0x05, (byte) 0xB4, 1, 1, 0}, 0x12); // NOP, MSS 1460 (SYN-ACK)
        assertThat(TcpMss.clamp(p, 0, p.length, 1240)).isTrue();
        assertThat(((p[43] & 0xFF) << 8) | (p[44] & 0xFF)).isEqualTo(1240);
        assertThat(checksumField(p)).isEqualTo(tcpChecksum(p));
    }

    @Test
    void leavesSmallMssNonSynAndNonTcpAlone() {
        byte[] small = syn(new byte[] {2, 4, 0x04, 0x00}, 0x02);
        assertThat(TcpMss.clamp(small, 0, small.length, 1240)).isFalse();
        byte[] ack = syn(new byte[] {2, 4, 0x05, (byte) 0xB4}, 0x10);
        assertThat(TcpMss.clamp(ack, 0, ack.length, 1240)).isFalse();
        byte[] udp = Ipv4Packets.udp(1, 2, 3, 4, new byte[30]);
        assertThat(TcpMss.clamp(udp, 0, udp.length, 1240)).isFalse();
    }

    @Test
    void neverThrowsOnGarbage() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            if (b.length > 9) {
                b[0] = (byte) (0x40 | (b[0] & 0x0F));
                b[9] = 6;
                if (b.length > 33) {
                    b[33] |= 0x02;
                }
            }
            TcpMss.clamp(b, 0, b.length, 1240);
        }
    }
}
