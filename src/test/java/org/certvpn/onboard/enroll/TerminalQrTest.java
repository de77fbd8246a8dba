package org.certvpn.onboard.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The terminal rendering read back as a camera would: each character cell becomes two stacked pixel
 * squares, coloured as a terminal shows them (plain: text light on a dark background; ANSI: the
 * colours the escapes set), and ZXing's full QR reader (detection included) must recover the URL.
 */
class TerminalQrTest {
    private static final String URL = "https://192.0.2.10:8443/e/SqcMk9CTwQy330SSZ3toyw/";
    private static final int PX = 4;

    @ParameterizedTest
    @EnumSource(TerminalQr.Style.class)
    void aReaderDecodesTheUrlFromTheRendering(TerminalQr.Style style) throws Exception {
        String text = TerminalQr.render(URL, style);
        Result r = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(image(text, style))));
        assertThat(r.getText()).isEqualTo(URL);
    }

    @ParameterizedTest
    @EnumSource(TerminalQr.Style.class)
    void squareWithTheQuietZone(TerminalQr.Style style) {
        List<String> lines = TerminalQr.render(URL, style).lines().map(TerminalQrTest::strip).toList();
        int modules = TerminalQr.modules(URL).length + 2 * TerminalQr.QUIET_ZONE;
        assertThat(lines).hasSize((modules + 1) / 2).allSatisfy(l -> assertThat(l).hasSize(modules));
    }

    /** Pixels as the terminal shows them: true is dark. */
    private static RGBLuminanceSource image(String text, TerminalQr.Style style) {
        List<String> lines = text.lines().map(TerminalQrTest::strip).toList();
        int w = lines.getFirst().length();
        int h = lines.size() * 2;
        int[] pixels = new int[w * PX * h * PX];
        for (int row = 0; row < lines.size(); row++) {
            for (int x = 0; x < w; x++) {
                char c = lines.get(row).charAt(x);
                boolean upperFg = c == '█' || c == '▀';
                boolean lowerFg = c == '█' || c == '▄';
                // Plain: the glyph (foreground) is light on a dark terminal. ANSI: foreground black on white.
                boolean fgDark = style == TerminalQr.Style.ANSI;
                paint(pixels, w * PX, x, row * 2, upperFg == fgDark);
                paint(pixels, w * PX, x, row * 2 + 1, lowerFg == fgDark);
            }
        }
        return new RGBLuminanceSource(w * PX, h * PX, pixels);
    }

    private static void paint(int[] pixels, int stride, int mx, int my, boolean dark) {
        int rgb = dark ? 0x000000 : 0xFFFFFF;
        for (int dy = 0; dy < PX; dy++) {
            for (int dx = 0; dx < PX; dx++) {
                pixels[(my * PX + dy) * stride + mx * PX + dx] = rgb;
            }
        }
    }

    private static String strip(String line) {
        return line.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
