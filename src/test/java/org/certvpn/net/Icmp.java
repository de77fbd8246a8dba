package org.certvpn.net;

/** Builds and reads IPv4 ICMP echo packets for device tests (the kernel answers echo requests itself). */
final class Icmp {
    private Icmp() {}

    static byte[] echoRequest(int source, int destination, int id, int seq, int dataLength) {
        byte[] p = new byte[20 + 8 + dataLength];
        p[0] = 0x45;
        put16(p, 2, p.length);
        put16(p, 4, seq);
        p[8] = 64;
        p[9] = 1;
        put32(p, 12, source);
        put32(p, 16, destination);
        put16(p, 10, checksum(p, 0, 20));
        p[20] = 8;
        put16(p, 24, id);
        put16(p, 26, seq);
        for (int i = 0; i < dataLength; i++) {
            p[28 + i] = (byte) i;
        }
        put16(p, 22, checksum(p, 20, 8 + dataLength));
        return p;
    }

    static boolean isEchoReply(byte[] p, int length, int from, int to, int id, int seq) {
        return length >= 28 && (p[0] & 0xF0) == 0x40 && p[9] == 1 && get32(p, 12) == from && get32(p, 16) == to
                && p[20] == 0 && get16(p, 24) == id && get16(p, 26) == seq;
    }

    static int checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += get16(b, off + i);
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    static int get16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static int get32(byte[] b, int off) {
        return get16(b, off) << 16 | get16(b, off + 2);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }
}
