package org.certvpn.config.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.certvpn.config.Problems;

/**
 * Parses {@code xl2tpd.conf} (xl2tpd.conf(5)): {@code [global]}, {@code [lns NAME]} and
 * {@code [lac NAME]} sections of {@code key = value} lines; keys may contain spaces
 * ({@code ip range}); {@code ;} starts a comment anywhere, {@code #} at the start of a line. Keys may
 * repeat ({@code ip range} adds ranges); the loader decides what repetition means.
 *
 * <p>Never throws: every problem becomes a positioned error in {@link Problems}.
 */
public final class Xl2tpdConfParser {
    private Xl2tpdConfParser() {}

    public static Xl2tpdConf parse(String file, String text, Problems problems) {
        List<Xl2tpdConf.Section> sections = new ArrayList<>();
        String[] lines = Lines.split(text).toArray(String[]::new);
        String kind = null;
        String name = "";
        int sectionLine = 0;
        List<Setting> settings = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int semi = line.indexOf(';');
            if (semi >= 0) {
                line = line.substring(0, semi);
            }
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (kind != null) {
                    sections.add(new Xl2tpdConf.Section(kind, name, file, sectionLine, settings));
                }
                kind = null;
                settings = new ArrayList<>();
                sectionLine = lineNo;
                if (!line.endsWith("]")) {
                    problems.error(file, lineNo, "section header without closing ']': \"" + line + "\"");
                    kind = "ignored";
                    continue;
                }
                String[] words = Lines.firstWord(line.substring(1, line.length() - 1));
                String k = words[0].toLowerCase(Locale.ROOT);
                name = words[1];
                switch (k) {
                    case "global" -> {
                        if (!name.isEmpty()) {
                            problems.error(file, lineNo, "unknown section \"" + line + "\" (did you mean [global]?)");
                            kind = "ignored";
                        } else {
                            kind = k;
                        }
                    }
                    case "lns", "lac" -> {
                        if (name.isEmpty()) {
                            problems.error(file, lineNo, "section \"" + line + "\" needs a name, e.g. [" + k + " default]");
                            kind = "ignored";
                        } else {
                            kind = k;
                        }
                    }
                    default -> {
                        problems.error(file, lineNo, "unknown section \"" + line + "\" (expected [global], [lns NAME] or [lac NAME])");
                        kind = "ignored";
                    }
                }
                continue;
            }
            if (kind == null) {
                problems.error(file, lineNo, "setting outside any section: \"" + line + "\"");
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.error(file, lineNo, "expected \"key = value\", got \"" + line + "\"");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!kind.equals("ignored")) {
                settings.add(new Setting(key, value, file, lineNo));
            }
        }
        if (kind != null) {
            sections.add(new Xl2tpdConf.Section(kind, name, file, sectionLine, settings));
        }
        sections.removeIf(s -> s.kind().equals("ignored"));
        return new Xl2tpdConf(sections);
    }
}
