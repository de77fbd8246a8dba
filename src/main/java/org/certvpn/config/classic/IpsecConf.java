package org.certvpn.config.classic;

import java.util.List;
import java.util.Objects;

/**
 * One parsed {@code ipsec.conf} file, before includes are expanded and {@code also=} resolved.
 *
 * @param items sections and include directives in file order
 */
public record IpsecConf(List<Item> items) {
    public IpsecConf {
        items = List.copyOf(items);
    }

    /** A top-level element of the file. */
    public sealed interface Item permits Section, Include {}

    /**
     * {@code config setup}, {@code conn NAME} or {@code ca NAME} with its settings.
     *
     * @param type {@code config}, {@code conn} or {@code ca}
     * @param name {@code setup}, the conn name (maybe {@code %default}) or the CA name
     */
    public record Section(String type, String name, String file, int line, List<Setting> settings) implements Item {
        public Section {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            settings = List.copyOf(settings);
        }
    }

    /** {@code include PATTERN}: a path or glob, relative to the including file's directory. */
    public record Include(String pattern, String file, int line) implements Item {
        public Include {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(file, "file");
        }
    }
}
