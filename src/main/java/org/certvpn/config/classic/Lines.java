package org.certvpn.config.classic;

import java.util.ArrayList;
import java.util.List;

/** Line and word splitting without regular expressions: linear, and cheap on hostile input. */
final class Lines {
    private Lines() {}

    /** The lines of a text; {@code \n}, {@code \r\n} and {@code \r} all end a line. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    /** The first whitespace-separated word of {@code s} and the stripped rest (maybe empty). */
    static String[] firstWord(String s) {
        String t = s.strip();
        int i = 0;
        while (i < t.length() && !Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        return new String[] {t.substring(0, i), t.substring(i).strip()};
    }

    /** {@code s} with runs of whitespace collapsed to one space and the ends stripped. */
    static String collapse(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }
}
