package org.certvpn.config.classic;

import java.util.ArrayList;
import java.util.List;
import org.certvpn.config.Problems;

/**
 * Parses pppd's {@code chap-secrets} ({@code client server secret [addresses...]} per line, quoting and
 * comments as pppd reads them, {@code *} as a wildcard in the client and server columns).
 *
 * <p>Never throws: every problem becomes a positioned error in {@link Problems}.
 */
public final class ChapSecretsParser {
    private ChapSecretsParser() {}

    public static ChapSecrets parse(String file, String text, Problems problems) {
        List<ChapSecrets.Entry> entries = new ArrayList<>();
        String[] lines = Lines.split(text).toArray(String[]::new);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            List<Words.Word> words = Words.split(file, lineNo, lines[i], problems);
            if (words == null || words.isEmpty()) {
                continue;
            }
            if (words.size() < 3) {
                problems.error(file, lineNo, "expected \"client server secret [addresses...]\", got " + words.size()
                        + " word" + (words.size() == 1 ? "" : "s"));
                continue;
            }
            Words.Word client = words.get(0);
            Words.Word secret = words.get(2);
            List<String> addresses = new ArrayList<>();
            for (Words.Word w : words.subList(3, words.size())) {
                addresses.add(w.text());
            }
            entries.add(new ChapSecrets.Entry(client.text(), !client.quoted() && client.text().equals("*"),
                    words.get(1).text(), secret.text(), !secret.quoted() && secret.text().startsWith("@"), addresses,
                    file, lineNo));
        }
        return new ChapSecrets(entries);
    }
}
