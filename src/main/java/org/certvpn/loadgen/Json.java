package org.certvpn.loadgen;

import java.util.Map;
import java.util.stream.Collectors;

/** The little JSON the reports print: strings escaped, nothing more. */
final class Json {
    private Json() {}

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String object(Map<String, ?> m) {
        return m.entrySet().stream()
                .map(e -> string(e.getKey()) + ":" + (e.getValue() instanceof Number n ? n.toString()
                        : e.getValue() instanceof String s && s.startsWith("{") ? s : string(String.valueOf(e.getValue()))))
                .collect(Collectors.joining(",", "{", "}"));
    }
}
