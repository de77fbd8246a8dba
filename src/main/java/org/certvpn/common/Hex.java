package org.certvpn.common;

import java.util.HexFormat;

/** Hex helpers for traces and test vectors; spaces, colons and newlines in input are ignored. */
public final class Hex {
    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {}

    public static String encode(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    public static String encode(byte[] bytes, int offset, int length) {
        return LOWER.formatHex(bytes, offset, offset + length);
    }

    /** Decodes hex, ignoring whitespace and ':' separators as found in RFC vectors and openssl output. */
    public static byte[] decode(CharSequence hex) {
        StringBuilder clean = new StringBuilder(hex.length());
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!Character.isWhitespace(c) && c != ':') {
                clean.append(c);
            }
        }
        if (clean.length() >= 2 && clean.charAt(0) == '0' && (clean.charAt(1) == 'x' || clean.charAt(1) == 'X')) {
            clean.delete(0, 2);
        }
        return LOWER.parseHex(clean);
    }
}
