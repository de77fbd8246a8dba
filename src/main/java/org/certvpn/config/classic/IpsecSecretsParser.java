package org.certvpn.config.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.certvpn.config.Problems;

/**
 * Parses {@code ipsec.secrets} (ipsec.secrets(5)): entries {@code [ids] : TYPE args}, for example
 * {@code : RSA server.key "passphrase"}, {@code %any %any : PSK "secret"},
 * {@code 198.51.100.7 @gw.example : PSK 0x6162}; {@code include PATTERN} lines; comments from {@code #}.
 * An entry may continue on indented lines while a {@code {...}} block is open.
 *
 * <p>Never throws: every problem becomes a positioned error in {@link Problems}.
 */
public final class IpsecSecretsParser {
    private IpsecSecretsParser() {}

    public static IpsecSecrets parse(String file, String text, Problems problems) {
        List<IpsecSecrets.Item> items = new ArrayList<>();
        String[] lines = Lines.split(text).toArray(String[]::new);
        List<Words.Word> pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            List<Words.Word> words = Words.split(file, lineNo, lines[i], problems);
            if (words == null) {
                pending = null;
                continue;
            }
            if (pending != null) {
                pending.addAll(words);
                if (braceClosed(pending)) {
                    entry(file, pendingLine, pending, problems, items);
                    pending = null;
                }
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            if (!words.getFirst().quoted() && words.getFirst().text().equals("include")
                    && !Character.isWhitespace(lines[i].charAt(0))) {
                if (words.size() != 2) {
                    problems.error(file, lineNo, "include needs exactly one file name");
                } else {
                    items.add(new IpsecSecrets.Include(words.get(1).text(), file, lineNo));
                }
                continue;
            }
            if (opensBrace(words) && !braceClosed(words)) {
                pending = new ArrayList<>(words);
                pendingLine = lineNo;
                continue;
            }
            entry(file, lineNo, words, problems, items);
        }
        if (pending != null) {
            problems.error(file, pendingLine, "missing closing '}'");
        }
        return new IpsecSecrets(items);
    }

    private static boolean opensBrace(List<Words.Word> words) {
        return words.stream().anyMatch(w -> !w.quoted() && w.text().startsWith("{"));
    }

    private static boolean braceClosed(List<Words.Word> words) {
        return words.stream().anyMatch(w -> !w.quoted() && w.text().endsWith("}"));
    }

    private static void entry(String file, int lineNo, List<Words.Word> words, Problems problems,
            List<IpsecSecrets.Item> items) {
        int sep = -1;
        String typeGlued = null;
        for (int k = 0; k < words.size(); k++) {
            Words.Word w = words.get(k);
            if (w.quoted()) {
                continue;
            }
            String t = w.text();
            if (t.equals(":")) {
                sep = k;
                break;
            }
            if (t.startsWith(":") && t.length() > 1 && t.indexOf(':', 1) < 0) {
                sep = k;
                typeGlued = t.substring(1);
                break;
            }
            if (t.endsWith(":") && t.indexOf(':') == t.length() - 1) {
                sep = k;
                break;
            }
        }
        if (sep < 0) {
            problems.error(file, lineNo, "missing ':' between the identities and the secret type");
            return;
        }
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < sep; k++) {
            ids.add(words.get(k).text());
        }
        Words.Word sepWord = words.get(sep);
        if (!sepWord.text().equals(":") && typeGlued == null) {
            ids.add(sepWord.text().substring(0, sepWord.text().length() - 1));
        }
        int typeIndex = typeGlued != null ? sep : sep + 1;
        String type = typeGlued;
        if (type == null) {
            if (typeIndex >= words.size()) {
                problems.error(file, lineNo, "missing secret type after ':' (PSK, RSA, ...)");
                return;
            }
            type = words.get(typeIndex).text();
        }
        List<String> args = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        for (Words.Word w : words.subList(typeIndex + 1, words.size())) {
            args.add(w.text());
            quoted.add(w.quoted());
        }
        items.add(new IpsecSecrets.Entry(ids, type.toUpperCase(Locale.ROOT), args, quoted, file, lineNo));
    }
}
