package org.certvpn.ike.wire;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A data attribute (RFC 2408 §3.3) in TV form (AF=1, a 16-bit value) or TLV form (AF=0, a length and a
 * value). Windows sends the lifetime as a 4-byte TLV where racoon sends a TV: both decode to the same
 * {@link #numeric()} value.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !A!       Attribute Type        !    AF=0  Attribute Length     !
 * !F!                             !    AF=1  Attribute Value      !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                   AF=0  Attribute Value                       .
 * .                   AF=1  Not Transmitted                       .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record Attribute(int type, boolean tv, Octets value) {
    public Attribute {
        Objects.requireNonNull(value, "value");
        if (type < 0 || type > 0x7fff) {
            throw new IllegalArgumentException("attribute type out of range: " + type);
        }
        if (tv && value.length() != 2) {
            throw new IllegalArgumentException("TV attribute value must be 2 bytes");
        }
        if (value.length() > 0xffff) {
            throw new IllegalArgumentException("attribute value too long");
        }
    }

    public static Attribute tv(int type, int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("TV value out of range: " + value);
        }
        return new Attribute(type, true, Octets.of(new byte[] {(byte) (value >>> 8), (byte) value}));
    }

    /** A TV attribute when the value fits 16 bits, else a 4-byte TLV (the form RFC 2407 lifetimes use). */
    public static Attribute number(int type, long value) {
        if (value >= 0 && value <= 0xffff) {
            return tv(type, (int) value);
        }
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException("value out of range: " + value);
        }
        return tlv(type, Octets.of(new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value}));
    }

    public static Attribute tlv(int type, Octets value) {
        return new Attribute(type, false, value);
    }

    /** The value as an unsigned number when it has at most 8 bytes (big-endian), else empty. */
    public OptionalLong numeric() {
        if (value.length() == 0 || value.length() > 8) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (int i = 0; i < value.length(); i++) {
            v = (v << 8) | value.get(i);
        }
        if (value.length() == 8 && v < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(v);
    }
}
