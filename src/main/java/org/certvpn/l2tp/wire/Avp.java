package org.certvpn.l2tp.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One Attribute Value Pair (RFC 2661 §4.1), immutable.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |M|H| rsvd  |      Length       |           Vendor ID           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Attribute Type        |        Attribute Value...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                     [until Length is reached]...                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>For a decoded AVP, {@link #value()} is the plain value: a hidden AVP (H bit) has already been
 * revealed with the tunnel secret and the preceding Random Vector (§4.3). When it could not be
 * revealed (no secret configured, or no Random Vector before it) {@link #revealed()} is false and
 * the value holds the still hidden octets; the engine treats such an AVP as unrecognized.
 *
 * <p>For an AVP to be encoded, {@link #hidden()} asks the encoder to hide it.
 */
public final class Avp {
    /** Octets of the AVP header (flags/length, vendor, type). */
    public static final int HEADER_LENGTH = 6;
    /** The Length field has 10 bits and counts the header. */
    public static final int MAX_LENGTH = 0x3FF;
    /** Longest value an AVP can carry. */
    public static final int MAX_VALUE_LENGTH = MAX_LENGTH - HEADER_LENGTH;

    private final AvpType type;
    private final boolean mandatory;
    private final boolean hidden;
    private final boolean revealed;
    private final boolean reservedBitsSet;
    private final byte[] value;

    Avp(AvpType type, boolean mandatory, boolean hidden, boolean revealed, boolean reservedBitsSet, byte[] value) {
        this.type = type;
        this.mandatory = mandatory;
        this.hidden = hidden;
        this.revealed = revealed;
        this.reservedBitsSet = reservedBitsSet;
        this.value = value;
    }

    /** An AVP with the M bit RFC 2661 prescribes for the type (set for unknown types). */
    public static Avp of(AvpType type, byte[] value) {
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(type + ": value of " + value.length + " octets is too long");
        }
        AvpType.Definition d = type.definition();
        return new Avp(type, d == null || d.mandatory(), false, true, false, value.clone());
    }

    public static Avp empty(AvpType type) {
        return of(type, new byte[0]);
    }

    public static Avp u16(AvpType type, int v) {
        return of(type, new byte[] {(byte) (v >>> 8), (byte) v});
    }

    public static Avp u32(AvpType type, long v) {
        return of(type, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    /** A string AVP; L2TP strings are octets, ISO-8859-1 maps them one to one. */
    public static Avp string(AvpType type, String v) {
        return of(type, v.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A copy with the M bit set or cleared. */
    public Avp withMandatory(boolean m) {
        return new Avp(type, m, hidden, revealed, reservedBitsSet, value);
    }

    /** A copy that the encoder hides (H bit, RFC 2661 §4.3). */
    public Avp asHidden() {
        return new Avp(type, mandatory, true, revealed, reservedBitsSet, value);
    }

    public AvpType type() {
        return type;
    }

    /** The M bit. */
    public boolean mandatory() {
        return mandatory;
    }

    /** The H bit: the value travelled (or will travel) hidden. */
    public boolean hidden() {
        return hidden;
    }

    /** False when a hidden value could not be revealed; {@link #value()} then holds the hidden octets. */
    public boolean revealed() {
        return revealed;
    }

    /** One of the four reserved flag bits was set on the wire (§4.1: treat the AVP as unrecognized). */
    public boolean reservedBitsSet() {
        return reservedBitsSet;
    }

    /**
     * Whether the engine may act on this AVP: a known IETF attribute, reserved bits clear, and
     * (if hidden) revealed. An AVP that is not recognized and has the M bit set clears the session
     * or tunnel (RFC 2661 §4.1).
     */
    public boolean recognized() {
        return type.isKnown() && !reservedBitsSet && revealed;
    }

    /** A copy of the value octets. */
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** The value as an unsigned 16-bit number; the value must be at least 2 octets. */
    public int u16() {
        require(2);
        return (value[0] & 0xFF) << 8 | value[1] & 0xFF;
    }

    /** The value as an unsigned 32-bit number; the value must be at least 4 octets. */
    public long u32() {
        require(4);
        return (long) (value[0] & 0xFF) << 24 | (value[1] & 0xFF) << 16 | (value[2] & 0xFF) << 8 | value[3] & 0xFF;
    }

    /** The value as a string (octets mapped one to one). */
    public String string() {
        return new String(value, StandardCharsets.ISO_8859_1);
    }

    byte[] rawValue() {
        return value;
    }

    private void require(int n) {
        if (value.length < n) {
            throw new IllegalStateException(type + " has " + value.length + " octets, need " + n);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Avp a && a.type.equals(type) && a.mandatory == mandatory && a.hidden == hidden
                && a.revealed == revealed && a.reservedBitsSet == reservedBitsSet && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.name());
        if (mandatory) {
            sb.append(" M");
        }
        if (hidden) {
            sb.append(revealed ? " H" : " H(unrevealed)");
        }
        return sb.append(" len=").append(value.length).toString();
    }
}
