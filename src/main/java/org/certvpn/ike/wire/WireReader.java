package org.certvpn.ike.wire;

import org.certvpn.common.MalformedPacketException;

/** Bounds-checked big-endian reads; every overrun becomes a positioned {@link MalformedPacketException}. */
final class WireReader {
    private final byte[] buf;
    private final int base;
    private final int end;
    private int pos;

    /** Reads {@code buf[offset, end)}; error offsets are positions in {@code buf}. */
    WireReader(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.base = offset;
        this.end = end;
        this.pos = offset;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    int end() {
        return end;
    }

    int start() {
        return base;
    }

    private void need(int n, String what) throws MalformedPacketException {
        if (n < 0 || end - pos < n) {
            throw new MalformedPacketException(pos, what + " truncated: need " + n + " bytes, have " + (end - pos));
        }
    }

    int u8(String what) throws MalformedPacketException {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    int u16(String what) throws MalformedPacketException {
        need(2, what);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int u32(String what) throws MalformedPacketException {
        need(4, what);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long u64(String what) throws MalformedPacketException {
        long hi = u32(what) & 0xffffffffL;
        long lo = u32(what) & 0xffffffffL;
        return (hi << 32) | lo;
    }

    Octets octets(int n, String what) throws MalformedPacketException {
        need(n, what);
        Octets o = Octets.copyOf(buf, pos, n);
        pos += n;
        return o;
    }

    void skip(int n, String what) throws MalformedPacketException {
        need(n, what);
        pos += n;
    }

    Octets rest() {
        Octets o = Octets.copyOf(buf, pos, end - pos);
        pos = end;
        return o;
    }

    /** A reader over the next {@code n} bytes; this reader moves past them. */
    WireReader sub(int n, String what) throws MalformedPacketException {
        need(n, what);
        WireReader r = new WireReader(buf, pos, pos + n);
        pos += n;
        return r;
    }
}
