package org.certvpn.common;

/**
 * The one checked exception every wire decoder throws for input it cannot accept.
 *
 * <p>It carries the byte offset (relative to the start of the buffer handed to the decoder) where
 * decoding stopped, so that a trace line or a fuzz finding points at the exact field. Decoders never
 * throw unchecked exceptions for bad input; the data path catches this, counts a drop and moves on.
 */
public final class MalformedPacketException extends Exception {
    private final int offset;

    public MalformedPacketException(int offset, String message) {
        super(message + " (at offset " + offset + ")", null, false, false);
        this.offset = offset;
    }

    /** Byte offset of the offending field within the decoded buffer. */
    public int offset() {
        return offset;
    }

    /** The message without the offset suffix. */
    public String reason() {
        String m = getMessage();
        int i = m.lastIndexOf(" (at offset ");
        return i < 0 ? m : m.substring(0, i);
    }
}
