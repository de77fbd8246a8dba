package org.certvpn.config;

import java.util.Objects;

/**
 * A configured secret (pre-shared key, PPP password, key passphrase, L2TP tunnel secret). Its
 * {@link #toString()} is masked so that a secret cannot reach a log line or {@code config check} by
 * accident; {@link #reveal()} is the one deliberate way to the value.
 */
public record Secret(String value) {
    public static final String MASK = "********";

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    public char[] toChars() {
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
