package org.certvpn.config.classic;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.config.Problems;

/**
 * Splits a line into words the way pppd reads its options and secrets files: whitespace separates
 * words; double or single quotes group (and may be adjacent to other text); a backslash escapes the
 * next character; {@code #} at the start of a word starts a comment.
 */
final class Words {
    /** A word and whether any part of it was quoted (a quoted {@code "*"} is not a wildcard). */
    record Word(String text, boolean quoted) {}

    private Words() {}

    /** The words of one line, or null (with a positioned error) when a quote is not closed. */
    static List<Word> split(String file, int lineNo, String line, Problems problems) {
        List<Word> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            StringBuilder w = new StringBuilder();
            boolean quoted = false;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                char d = line.charAt(i);
                if (d == '"' || d == '\'') {
                    int close = closingQuote(line, i + 1, d);
                    if (close < 0) {
                        problems.error(file, lineNo, "missing closing quote (" + d + ")");
                        return null;
                    }
                    appendQuoted(w, line, i + 1, close, d);
                    quoted = true;
                    i = close + 1;
                } else if (d == '\\' && i + 1 < n) {
                    w.append(line.charAt(i + 1));
                    i += 2;
                } else {
                    w.append(d);
                    i++;
                }
            }
            words.add(new Word(w.toString(), quoted));
        }
        return words;
    }

    private static int closingQuote(String line, int from, char quote) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quote == '"') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    /** Backslash escapes count inside double quotes only; single quotes are literal, as in pppd. */
    private static void appendQuoted(StringBuilder w, String line, int from, int to, char quote) {
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c == '\\' && quote == '"' && i + 1 < to) {
                w.append(line.charAt(++i));
            } else {
                w.append(c);
            }
        }
    }
}
