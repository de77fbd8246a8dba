package org.certvpn.config.classic;

import java.util.Locale;
import java.util.Objects;

/**
 * One {@code key = value} line of a classic file, with where it came from.
 *
 * @param key the key as written
 * @param value the value, quotes removed
 * @param file the file as named to the admin
 * @param line 1-based line number
 */
public record Setting(String key, String value, String file, int line) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(file, "file");
    }

    /** The key for lookups: lower case, {@code _} and {@code -} the same, spaces collapsed. */
    public String normalizedKey() {
        return normalize(key);
    }

    static String normalize(String key) {
        return Lines.collapse(key.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    public String where() {
        return file + ":" + line;
    }
}
