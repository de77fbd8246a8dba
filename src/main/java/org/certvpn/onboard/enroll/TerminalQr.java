package org.certvpn.onboard.enroll;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A QR code as text for a terminal, two modules per character cell with the Unicode half blocks
 * ({@code ▀ ▄ █} and space), so the code stays square and small.
 */
public final class TerminalQr {
    /** The quiet zone around the code, in modules. ISO/IEC 18004 asks for 4. */
    static final int QUIET_ZONE = 4;
    private static final String ANSI_DARK_ON_LIGHT_START = "\u001b[30;47m"; // black on white
    private static final String ANSI_RESET = "\u001b[0m";

    /** How the two colours are drawn. */
    public enum Style {
        /**
         * Light modules as blocks, dark ones as spaces: right on the usual dark terminal background
         * (as {@code qrencode -t UTF8} draws), inverted on a light one.
         */
        PLAIN,
        /** Colours set with ANSI escapes (black on white): right on any terminal that understands them. */
        ANSI
    }

    private TerminalQr() {}

    /** The module matrix of {@code text} without quiet zone: {@code true} is dark. */
    static boolean[][] modules(String text) {
        try {
            QRCode code = Encoder.encode(text, ErrorCorrectionLevel.M,
                    Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
            ByteMatrix m = code.getMatrix();
            boolean[][] out = new boolean[m.getHeight()][m.getWidth()];
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    out[y][x] = m.get(x, y) == 1;
                }
            }
            return out;
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode as a QR code: " + e.getMessage(), e);
        }
    }

    public static String render(String text, Style style) {
        boolean[][] m = modules(text);
        int size = m.length + 2 * QUIET_ZONE;
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < size; y += 2) {
            if (style == Style.ANSI) {
                sb.append(ANSI_DARK_ON_LIGHT_START);
            }
            for (int x = 0; x < size; x++) {
                boolean top = dark(m, x - QUIET_ZONE, y - QUIET_ZONE);
                boolean bottom = y + 1 < size && dark(m, x - QUIET_ZONE, y + 1 - QUIET_ZONE);
                sb.append(cell(style == Style.ANSI ? top : !top, style == Style.ANSI ? bottom : !bottom));
            }
            if (style == Style.ANSI) {
                sb.append(ANSI_RESET);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The glyph whose foreground fills the upper half, the lower half, both or neither. */
    private static char cell(boolean upper, boolean lower) {
        if (upper && lower) {
            return '█';
        }
        if (upper) {
            return '▀';
        }
        return lower ? '▄' : ' ';
    }

    private static boolean dark(boolean[][] m, int x, int y) {
        return y >= 0 && y < m.length && x >= 0 && x < m.length && m[y][x];
    }
}
