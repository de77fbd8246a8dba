package org.certvpn.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certvpn.common.Hex;

/**
 * Reads NIST CAVP-style vector files: {@code [SECTION]} lines set context, {@code key = value} lines
 * fill a case, a blank line ends it, {@code #} starts a comment.
 */
final class VectorFile {
    record Case(Map<String, String> context, Map<String, String> values) {
        String get(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("vector lacks " + key + ": " + values);
            }
            return v;
        }

        byte[] bytes(String key) {
            return Hex.decode(get(key));
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        IkeHash hash() {
            return switch (context.get("hash")) {
                case "SHA-1" -> IkeHash.SHA1;
                case "SHA-256" -> IkeHash.SHA2_256;
                case "SHA-384" -> IkeHash.SHA2_384;
                case "SHA-512" -> IkeHash.SHA2_512;
                case "MD5" -> IkeHash.MD5;
                default -> throw new IllegalArgumentException("hash " + context.get("hash"));
            };
        }
    }

    private VectorFile() {}

    static List<Case> read(String resource) throws IOException {
        String text;
        try (InputStream in = VectorFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<Case> out = new ArrayList<>();
        Map<String, String> context = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : (text + "\n\n").split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!values.isEmpty()) {
                    out.add(new Case(Map.copyOf(context), Map.copyOf(values)));
                    values.clear();
                }
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String inner = line.substring(1, line.length() - 1).strip();
                int eq = inner.indexOf('=');
                if (eq < 0) {
                    context.put("hash", inner);
                } else {
                    context.put(inner.substring(0, eq).strip(), inner.substring(eq + 1).strip());
                }
                continue;
            }
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return out;
    }
}
