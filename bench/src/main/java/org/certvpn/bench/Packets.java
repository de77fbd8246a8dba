package org.certvpn.bench;

/** IPv4/UDP packets for the data-path benchmarks. */
public final class Packets {
    private Packets() {}

    /** Fills {@code p} (its whole length) with an IPv4/UDP packet, header checksum set, UDP checksum 0. */
    public static void ipv4Udp(byte[] p, int source, int destination, int sourcePort, int destinationPort) {
        int len = p.length;
        p[0] = 0x45;
        p[2] = (byte) (len >>> 8);
        p[3] = (byte) len;
        p[8] = 64;
        p[9] = 17;
        putInt(p, 12, source);
        putInt(p, 16, destination);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int csum = ~sum & 0xFFFF;
        p[10] = (byte) (csum >>> 8);
        p[11] = (byte) csum;
        p[20] = (byte) (sourcePort >>> 8);
        p[21] = (byte) sourcePort;
        p[22] = (byte) (destinationPort >>> 8);
        p[23] = (byte) destinationPort;
        p[24] = (byte) ((len - 20) >>> 8);
        p[25] = (byte) (len - 20);
        for (int i = 28; i < len; i++) {
            p[i] = (byte) i;
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
