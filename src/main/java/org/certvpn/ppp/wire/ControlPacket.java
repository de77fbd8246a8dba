package org.certvpn.ppp.wire;

import java.util.Arrays;
import org.certvpn.common.MalformedPacketException;

/**
 * The packet format shared by LCP and the NCPs, RFC 1661 §5.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Code      |  Identifier   |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Data ...
 * +-+-+-+-+
 * </pre>
 *
 * <p>Length counts the whole packet; octets beyond it are padding and ignored (§5).
 */
public record ControlPacket(int code, int identifier, byte[] data) {
    public static final int HEADER_LENGTH = 4;

    public ControlPacket {
        if (code < 0 || code > 255 || identifier < 0 || identifier > 255) {
            throw new IllegalArgumentException("code and identifier are octets");
        }
        if (data.length > 0xFFFF - HEADER_LENGTH) {
            throw new IllegalArgumentException("data too long: " + data.length);
        }
        data = data.clone();
    }

    /** Decodes the Information field of a frame, {@code buf[off, off+len)}. */
    public static ControlPacket decode(byte[] buf, int off, int len) throws MalformedPacketException {
        if (len < HEADER_LENGTH) {
            throw new MalformedPacketException(len, "control packet shorter than its 4-octet header");
        }
        int length = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        if (length < HEADER_LENGTH) {
            throw new MalformedPacketException(2, "Length " + length + " below the 4-octet header");
        }
        if (length > len) {
            throw new MalformedPacketException(2, "Length " + length + " beyond the " + len + " octets received");
        }
        return new ControlPacket(buf[off] & 0xFF, buf[off + 1] & 0xFF,
                Arrays.copyOfRange(buf, off + HEADER_LENGTH, off + length));
    }

    public static ControlPacket decode(byte[] information) throws MalformedPacketException {
        return decode(information, 0, information.length);
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + data.length];
        out[0] = (byte) code;
        out[1] = (byte) identifier;
        out[2] = (byte) (out.length >>> 8);
        out[3] = (byte) out.length;
        System.arraycopy(data, 0, out, HEADER_LENGTH, data.length);
        return out;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlPacket p && p.code == code && p.identifier == identifier
                && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return (code * 31 + identifier) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return ControlCode.name(code) + " id=" + identifier + " len=" + (HEADER_LENGTH + data.length);
    }
}
