package org.certvpn.config.toml;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.certvpn.config.Addresses;
import org.certvpn.config.Problems;
import org.certvpn.config.Values;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A TOML table being read, with typed getters that report a positioned error (and return the default)
 * instead of throwing, so that one pass finds every error in the file.
 */
final class Node {
    private final TomlTable table;
    private final String path;
    private final String file;
    private final int line;
    private final Problems problems;

    Node(TomlTable table, String path, String file, int line, Problems problems) {
        this.table = table;
        this.path = path;
        this.file = file;
        this.line = line;
        this.problems = problems;
    }

    String file() {
        return file;
    }

    int line() {
        return line;
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        return table.contains(List.of(key));
    }

    int lineOf(String key) {
        TomlPosition p = table.inputPositionOf(List.of(key));
        return p == null ? line : p.line();
    }

    void error(String key, String message) {
        problems.error(file, lineOf(key), qualified(key) + ": " + message);
    }

    void error(String message) {
        problems.error(file, line, message);
    }

    String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports every key not in {@code known}: typos in the native file are errors, not silence. */
    void rejectUnknown(Set<String> known) {
        for (String k : table.keySet()) {
            if (!known.contains(k)) {
                problems.error(file, lineOf(k), "unknown key \"" + qualified(k) + "\"");
            }
        }
    }

    Optional<String> optString(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        Object v = table.get(List.of(key));
        if (v instanceof String s) {
            return Optional.of(s);
        }
        error(key, "expected a string");
        return Optional.empty();
    }

    String string(String key, String dflt) {
        return optString(key).orElse(dflt);
    }

    Optional<String> requiredString(String key) {
        if (!has(key)) {
            error(qualified(key) + " is required");
            return Optional.empty();
        }
        return optString(key);
    }

    boolean bool(String key, boolean dflt) {
        if (!has(key)) {
            return dflt;
        }
        Object v = table.get(List.of(key));
        if (v instanceof Boolean b) {
            return b;
        }
        error(key, "expected true or false");
        return dflt;
    }

    int integer(String key, int min, int max, int dflt) {
        if (!has(key)) {
            return dflt;
        }
        Object v = table.get(List.of(key));
        if (v instanceof Long l) {
            if (l < min || l > max) {
                error(key, l + " is out of range " + min + ".." + max);
                return dflt;
            }
            return l.intValue();
        }
        error(key, "expected a whole number");
        return dflt;
    }

    /** A duration string ({@code "30s"}, {@code "8h"}); a bare integer is seconds. */
    Duration duration(String key, Duration dflt, boolean allowZero) {
        if (!has(key)) {
            return dflt;
        }
        Object v = table.get(List.of(key));
        Duration d;
        try {
            if (v instanceof Long l) {
                d = Values.duration(Long.toString(l));
            } else if (v instanceof String s) {
                d = Values.duration(s);
            } else {
                error(key, "expected a duration such as \"30s\" or \"8h\"");
                return dflt;
            }
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return dflt;
        }
        if (d.isZero() && !allowZero) {
            error(key, "must be longer than zero");
            return dflt;
        }
        return d;
    }

    <T> Optional<T> parsed(String key, Function<String, T> parser) {
        Optional<String> s = optString(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(s.get()));
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return Optional.empty();
        }
    }

    InetAddress address(String key, InetAddress dflt) {
        return parsed(key, Addresses::parse).orElse(dflt);
    }

    Optional<Inet4Address> ipv4(String key) {
        return parsed(key, Addresses::parseIpv4);
    }

    /** An array of strings, each parsed; a single string is also accepted as a one-element list. */
    <T> List<T> list(String key, Function<String, T> parser) {
        List<T> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        Object v = table.get(List.of(key));
        if (v instanceof String s) {
            try {
                out.add(parser.apply(s));
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
            }
            return out;
        }
        if (!(v instanceof TomlArray a)) {
            error(key, "expected a list of strings");
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            Object e = a.get(i);
            int l = a.inputPositionOf(i) == null ? lineOf(key) : a.inputPositionOf(i).line();
            if (!(e instanceof String s)) {
                problems.error(file, l, qualified(key) + "[" + i + "]: expected a string");
                continue;
            }
            try {
                out.add(parser.apply(s));
            } catch (IllegalArgumentException ex) {
                problems.error(file, l, qualified(key) + "[" + i + "]: " + ex.getMessage());
            }
        }
        return out;
    }

    Optional<Node> table(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        Object v = table.get(List.of(key));
        if (v instanceof TomlTable t) {
            return Optional.of(new Node(t, qualified(key), file, lineOf(key), problems));
        }
        error(key, "expected a table");
        return Optional.empty();
    }

    Node tableOrEmpty(String key) {
        return table(key).orElseGet(() -> new Node(org.tomlj.Toml.parse(""), qualified(key), file, line, problems));
    }

    /** {@code [[key]]} entries (an array of tables). */
    List<Node> tables(String key) {
        List<Node> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        Object v = table.get(List.of(key));
        if (!(v instanceof TomlArray a)) {
            error(key, "expected [[" + qualified(key) + "]] tables");
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            Object e = a.get(i);
            int l = a.inputPositionOf(i) == null ? lineOf(key) : a.inputPositionOf(i).line();
            if (e instanceof TomlTable t) {
                out.add(new Node(t, qualified(key) + "[" + i + "]", file, l, problems));
            } else {
                problems.error(file, l, qualified(key) + "[" + i + "]: expected a table");
            }
        }
        return out;
    }

    TomlTable raw() {
        return table;
    }
}
