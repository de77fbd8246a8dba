package org.certvpn.loadgen;

/**
 * The few messages between the load generator and its {@link Sink}, carried as UDP payloads through the
 * tunnels themselves (so they take the same path as the traffic they measure). Numbers are big-endian.
 *
 * <pre>
 * 'D' ...                                   data: counted by the sink
 * 'E' ...                                   echo: sent back unchanged
 * 'S'                                       stats request; the answer resets the counters:
 * 'S' packets(8) bytes(8)                      data received since the previous request
 * 'B' size(4) durationMillis(4) ratePps(4)   blast 'D' packets of {@code size} IPv4 bytes back to the
 *                                            sender for the duration (rate 0: as fast as possible), then:
 * 'F' sent(8)                                  packets the blast sent
 * </pre>
 */
final class SinkProtocol {
    private SinkProtocol() {}

    static final byte DATA = 'D';
    static final byte ECHO = 'E';
    static final byte STATS = 'S';
    static final byte BLAST = 'B';
    static final byte FINISHED = 'F';
    /** IPv4 (20) and UDP (8) headers in front of the payload. */
    static final int IP_UDP_HEADERS = 28;

    static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /**
     * Writes an IPv4/UDP packet of {@code total} bytes from {@code source:sourcePort} to
     * {@code destination:destinationPort} at {@code buf[off]}, payload starting with {@code kind}. The UDP
     * checksum is 0 (none, allowed for IPv4); the IPv4 header checksum is filled in.
     */
    static void writePacket(byte[] buf, int off, int total, int source, int sourcePort, int destination,
            int destinationPort, byte kind) {
        java.util.Arrays.fill(buf, off, off + total, (byte) 0);
        buf[off] = 0x45;
        buf[off + 2] = (byte) (total >>> 8);
        buf[off + 3] = (byte) total;
        buf[off + 6] = 0x40; // don't fragment
        buf[off + 8] = 64;
        buf[off + 9] = 17;
        putInt(buf, off + 12, source);
        putInt(buf, off + 16, destination);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((buf[off + i] & 0xFF) << 8) | (buf[off + i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int csum = ~sum & 0xFFFF;
        buf[off + 10] = (byte) (csum >>> 8);
        buf[off + 11] = (byte) csum;
        buf[off + 20] = (byte) (sourcePort >>> 8);
        buf[off + 21] = (byte) sourcePort;
        buf[off + 22] = (byte) (destinationPort >>> 8);
        buf[off + 23] = (byte) destinationPort;
        int udpLength = total - 20;
        buf[off + 24] = (byte) (udpLength >>> 8);
        buf[off + 25] = (byte) udpLength;
        if (total > IP_UDP_HEADERS) {
            buf[off + IP_UDP_HEADERS] = kind;
        }
    }
}
