package org.certvpn.ike.wire;

import java.util.Arrays;
import org.certvpn.common.Hex;

/**
 * An immutable byte string: payload contents, SPIs, nonces. Equal by content and printed as hex, so
 * decoded payloads are plain values that compare and trace well.
 */
public final class Octets {
    private static final Octets EMPTY = new Octets(new byte[0]);
    private static final int TRACE_LIMIT = 64;

    private final byte[] bytes;

    private Octets(byte[] owned) {
        this.bytes = owned;
    }

    public static Octets empty() {
        return EMPTY;
    }

    /** A copy of {@code bytes}. */
    public static Octets of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
    }

    /** A copy of {@code length} bytes of {@code buf} from {@code offset}. */
    public static Octets copyOf(byte[] buf, int offset, int length) {
        return length == 0 ? EMPTY : new Octets(Arrays.copyOfRange(buf, offset, offset + length));
    }

    public static Octets fromHex(CharSequence hex) {
        return of(Hex.decode(hex));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public int get(int index) {
        return bytes[index] & 0xff;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    public boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /** True when these bytes start with {@code prefix}. */
    public boolean startsWith(Octets prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        if (bytes.length <= TRACE_LIMIT) {
            return Hex.encode(bytes);
        }
        return Hex.encode(bytes, 0, TRACE_LIMIT) + "...(" + bytes.length + " bytes)";
    }
}
