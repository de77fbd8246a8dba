package org.certvpn.config.classic;

import java.util.List;
import java.util.Objects;

/** A parsed {@code ipsec.secrets}, before includes are expanded. */
public record IpsecSecrets(List<Item> items) {
    public IpsecSecrets {
        items = List.copyOf(items);
    }

    public sealed interface Item permits Entry, Include {}

    /**
     * {@code [ids...] : TYPE args...}.
     *
     * @param ids the selectors before the colon; empty means any
     * @param type {@code PSK}, {@code RSA}, {@code ECDSA}, ... in upper case
     * @param args the words after the type, quotes removed
     * @param quotedArgs for each arg, whether it was quoted
     */
    public record Entry(List<String> ids, String type, List<String> args, List<Boolean> quotedArgs, String file, int line)
            implements Item {
        public Entry {
            ids = List.copyOf(ids);
            Objects.requireNonNull(type, "type");
            args = List.copyOf(args);
            quotedArgs = List.copyOf(quotedArgs);
            Objects.requireNonNull(file, "file");
        }
    }

    /** {@code include PATTERN}, relative to the including file's directory. */
    public record Include(String pattern, String file, int line) implements Item {
        public Include {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(file, "file");
        }
    }
}
