package org.certvpn.onboard;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes an XML property list (Apple's {@code PropertyList-1.0.dtd}) from maps, lists, strings,
 * integers, booleans and byte arrays. Maps keep their iteration order, so use a
 * {@link java.util.LinkedHashMap} for a readable file.
 */
final class XmlPlist {
    private static final int DATA_LINE = 52; // what Apple's own tools write

    private XmlPlist() {}

    static String write(Map<String, ?> root) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        sb.append("<plist version=\"1.0\">\n");
        value(sb, root, 0);
        sb.append("</plist>\n");
        return sb.toString();
    }

    private static void value(StringBuilder sb, Object v, int depth) {
        String pad = "\t".repeat(depth);
        switch (v) {
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    sb.append(pad).append("<dict/>\n");
                    return;
                }
                sb.append(pad).append("<dict>\n");
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(pad).append('\t').append("<key>").append(escape((String) e.getKey())).append("</key>\n");
                    value(sb, e.getValue(), depth + 1);
                }
                sb.append(pad).append("</dict>\n");
            }
            case List<?> l -> {
                if (l.isEmpty()) {
                    sb.append(pad).append("<array/>\n");
                    return;
                }
                sb.append(pad).append("<array>\n");
                for (Object o : l) {
                    value(sb, o, depth + 1);
                }
                sb.append(pad).append("</array>\n");
            }
            case String s -> sb.append(pad).append("<string>").append(escape(s)).append("</string>\n");
            case Integer i -> sb.append(pad).append("<integer>").append(i).append("</integer>\n");
            case Long l -> sb.append(pad).append("<integer>").append(l).append("</integer>\n");
            case Boolean b -> sb.append(pad).append(b ? "<true/>\n" : "<false/>\n");
            case byte[] data -> {
                sb.append(pad).append("<data>\n");
                String b64 = Base64.getEncoder().encodeToString(data);
                for (int i = 0; i < b64.length(); i += DATA_LINE) {
                    sb.append(pad).append(b64, i, Math.min(b64.length(), i + DATA_LINE)).append('\n');
                }
                sb.append(pad).append("</data>\n");
            }
            default -> throw new IllegalArgumentException("no plist type for " + v.getClass().getName());
        }
    }

    /** XML text escaping; characters XML 1.0 cannot carry at all are refused rather than silently dropped. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " cannot be written to a plist");
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
