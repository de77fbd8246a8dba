package org.certvpn.ppp.wire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.certvpn.common.MalformedPacketException;

/**
 * One Configuration Option of a Configure-Request/Ack/Nak/Reject, RFC 1661 §6.
 *
 * <pre>
 *  0                   1                   2
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Length     |    Data ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Length counts Type and Length too, so it is at least 2. Types are kept as numbers: which ones a
 * protocol knows is that protocol's table.
 */
public record ConfigOption(int type, byte[] data) {
    public ConfigOption {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("option type is an octet: " + type);
        }
        if (data.length > 253) {
            throw new IllegalArgumentException("option data longer than 253 octets");
        }
        data = data.clone();
    }

    public static ConfigOption of(int type) {
        return new ConfigOption(type, new byte[0]);
    }

    public static ConfigOption ofShort(int type, int value) {
        return new ConfigOption(type, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    public static ConfigOption ofInt(int type, int value) {
        return new ConfigOption(type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
            (byte) value});
    }

    /** Decodes the Data field of a Configure-* packet into its options, in order. */
    public static List<ConfigOption> decodeAll(byte[] data) throws MalformedPacketException {
        List<ConfigOption> options = new ArrayList<>();
        int p = 0;
        while (p < data.length) {
            if (data.length - p < 2) {
                throw new MalformedPacketException(p, "option header truncated");
            }
            int length = data[p + 1] & 0xFF;
            if (length < 2) {
                throw new MalformedPacketException(p + 1, "option Length " + length + " below 2");
            }
            if (p + length > data.length) {
                throw new MalformedPacketException(p + 1, "option Length " + length + " runs past the packet");
            }
            options.add(new ConfigOption(data[p] & 0xFF, Arrays.copyOfRange(data, p + 2, p + length)));
            p += length;
        }
        return List.copyOf(options);
    }

    public static byte[] encodeAll(List<ConfigOption> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ConfigOption o : options) {
            out.write(o.type);
            out.write(o.data.length + 2);
            out.writeBytes(o.data);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** The data as an unsigned 16-bit value; only meaningful when {@code dataLength() == 2}. */
    public int shortValue() {
        return ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
    }

    /** The data as a 32-bit value; only meaningful when {@code dataLength() == 4}. */
    public int intValue() {
        return ((data[0] & 0xFF) << 24) | ((data[1] & 0xFF) << 16) | ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigOption c && c.type == type && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return type + (data.length == 0 ? "" : ":" + org.certvpn.common.Hex.encode(data));
    }
}
