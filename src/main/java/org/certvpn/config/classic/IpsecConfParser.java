package org.certvpn.config.classic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.certvpn.config.Problems;

/**
 * Parses the text of one {@code ipsec.conf} (openswan/libreswan/strongSwan syntax, ipsec.conf(5)):
 * section headers start in column 0 ({@code config setup}, {@code conn NAME}, {@code ca NAME},
 * {@code include PATTERN}, {@code version 2.0}); settings are indented {@code key=value} lines; values
 * may be double-quoted; {@code #} starts a comment at the beginning of a line or after whitespace.
 *
 * <p>Never throws: every problem becomes a positioned error in {@link Problems}.
 */
public final class IpsecConfParser {
    private IpsecConfParser() {}

    public static IpsecConf parse(String file, String text, Problems problems) {
        List<IpsecConf.Item> items = new ArrayList<>();
        String[] lines = Lines.split(text).toArray(String[]::new);
        String type = null;
        String name = null;
        int sectionLine = 0;
        List<Setting> settings = new ArrayList<>();
        Map<String, Integer> keysSeen = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String content = stripComment(raw);
            if (content.isBlank()) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (!indented) {
                if (type != null) {
                    items.add(new IpsecConf.Section(type, name, file, sectionLine, settings));
                }
                type = null;
                settings = new ArrayList<>();
                keysSeen.clear();
                String[] words = Lines.firstWord(content);
                String keyword = words[0];
                String arg = words[1];
                switch (keyword) {
                    case "config" -> {
                        if (!arg.equals("setup")) {
                            problems.error(file, lineNo, "unknown section \"config " + arg + "\" (only \"config setup\" exists)");
                            type = "ignored";
                        } else {
                            type = "config";
                        }
                    }
                    case "conn", "ca" -> {
                        if (arg.isEmpty() || arg.chars().anyMatch(Character::isWhitespace)) {
                            problems.error(file, lineNo, keyword + " needs one name, got \"" + arg + "\"");
                            type = "ignored";
                        } else {
                            type = keyword;
                        }
                    }
                    case "include" -> {
                        if (arg.isEmpty()) {
                            problems.error(file, lineNo, "include needs a file name");
                        } else {
                            items.add(new IpsecConf.Include(unquote(arg), file, lineNo));
                        }
                    }
                    case "version" -> {
                        if (!arg.startsWith("2")) {
                            problems.error(file, lineNo, "unknown ipsec.conf version \"" + arg + "\" (expected 2.0)");
                        }
                    }
                    default -> {
                        if (content.indexOf('=') > 0) {
                            problems.error(file, lineNo, "setting \"" + content.strip() + "\" must be indented under a section");
                        } else {
                            problems.error(file, lineNo, "unknown section \"" + keyword + "\" (expected config setup, conn, ca or include)");
                        }
                        type = "ignored";
                    }
                }
                name = arg;
                sectionLine = lineNo;
                continue;
            }
            if (type == null) {
                problems.error(file, lineNo, "setting outside any section: \"" + content.strip() + "\"");
                continue;
            }
            Setting s = setting(file, lineNo, content.strip(), problems);
            if (s == null || type.equals("ignored")) {
                continue;
            }
            Integer earlier = keysSeen.putIfAbsent(s.normalizedKey(), lineNo);
            if (earlier != null) {
                problems.error(file, lineNo, "duplicate key \"" + s.key() + "\" (already set on line " + earlier + ")");
                continue;
            }
            settings.add(s);
        }
        if (type != null) {
            items.add(new IpsecConf.Section(type, name, file, sectionLine, settings));
        }
        items.removeIf(it -> it instanceof IpsecConf.Section s && s.type().equals("ignored"));
        return new IpsecConf(items);
    }

    private static Setting setting(String file, int lineNo, String text, Problems problems) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            problems.error(file, lineNo, "expected key=value, got \"" + text + "\"");
            return null;
        }
        String key = text.substring(0, eq).strip();
        if (!key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
            problems.error(file, lineNo, "bad key \"" + key + "\"");
            return null;
        }
        String value = text.substring(eq + 1).strip();
        if (value.startsWith("\"")) {
            int close = value.indexOf('"', 1);
            if (close < 0) {
                problems.error(file, lineNo, "missing closing quote in value of \"" + key + "\"");
                return null;
            }
            String rest = value.substring(close + 1).strip();
            if (!rest.isEmpty()) {
                problems.error(file, lineNo, "unexpected text after the quoted value of \"" + key + "\": \"" + rest + "\"");
                return null;
            }
            value = value.substring(1, close);
        } else if (value.indexOf('"') >= 0) {
            problems.error(file, lineNo, "stray quote in value of \"" + key + "\"");
            return null;
        }
        return new Setting(key, value, file, lineNo);
    }

    /** The line without a comment; a {@code #} inside double quotes or inside a word is not a comment. */
    static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
