package org.certvpn.gateway;

/** Minimal IPv4/UDP packets for data-path tests (checksums filled, so a real kernel would accept them too). */
final class Ipv4Packets {
    private Ipv4Packets() {}

    static byte[] udp(int source, int destination, int sourcePort, int destinationPort, byte[] payload) {
        int len = 20 + 8 + payload.length;
        byte[] p = new byte[len];
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
        p[24] = (byte) ((8 + payload.length) >>> 8);
        p[25] = (byte) (8 + payload.length);
        System.arraycopy(payload, 0, p, 28, payload.length);
        return p;
    }

    static int source(byte[] p) {
        return Ipv4Addresses.read(p, 12);
    }

    static int destination(byte[] p) {
        return Ipv4Addresses.read(p, 16);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
