package org.certvpn.ike;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Pre-shared keys as {@code ipsec.secrets} lists them: for a peer address, for a peer identity (FQDN,
 * user FQDN, key ID or address as text), or for {@code %any}.
 *
 * <p>Main Mode hides the identity until the key is known, so there a key is found by address; entries
 * for identities are tried too (each candidate key decrypts message 5 until one authenticates, and the
 * identity it carries must then be the entry's). Aggressive Mode sends the identity first.
 */
public final class PreSharedKeys {
    /** How an entry selects peers. */
    public enum Selector { ADDRESS, IDENTITY, ANY }

    /** One secret; {@code match} is the address or identity text, empty for {@link Selector#ANY}. */
    public record Entry(Selector selector, String match, byte[] secret) {
        public Entry {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(match, "match");
            if (secret.length == 0) {
                throw new IllegalArgumentException("empty pre-shared key");
            }
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        public String describe() {
            return switch (selector) {
                case ADDRESS -> "PSK for address " + match;
                case IDENTITY -> "PSK for ID " + match;
                case ANY -> "PSK for %any";
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.selector == selector && e.match.equals(match) && Arrays.equals(e.secret, secret);
        }

        @Override
        public int hashCode() {
            return Objects.hash(selector, match);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    private static final PreSharedKeys NONE = new PreSharedKeys(List.of());

    private final List<Entry> entries;

    private PreSharedKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static PreSharedKeys none() {
        return NONE;
    }

    public static PreSharedKeys of(List<Entry> entries) {
        return new PreSharedKeys(entries);
    }

    public static Entry forAddress(InetAddress address, byte[] secret) {
        return new Entry(Selector.ADDRESS, address.getHostAddress(), secret);
    }

    public static Entry forIdentity(String identity, byte[] secret) {
        return new Entry(Selector.IDENTITY, identity, secret);
    }

    public static Entry forAny(byte[] secret) {
        return new Entry(Selector.ANY, "", secret);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Keys to try for a peer whose identity is not known yet: its address first, then identities, then %any. */
    public List<Entry> candidates(InetAddress peer) {
        List<Entry> out = new ArrayList<>();
        String text = peer.getHostAddress();
        for (Entry e : entries) {
            if (e.selector == Selector.ADDRESS && e.match.equals(text)) {
                out.add(e);
            }
        }
        for (Entry e : entries) {
            if (e.selector == Selector.IDENTITY) {
                out.add(e);
            }
        }
        for (Entry e : entries) {
            if (e.selector == Selector.ANY) {
                out.add(e);
            }
        }
        return out;
    }

    /** The key for a peer that named itself {@code identity} (Aggressive Mode): identity, address, %any. */
    public Entry lookup(String identity, InetAddress peer) {
        for (Entry e : entries) {
            if (e.selector == Selector.IDENTITY && e.match.equalsIgnoreCase(identity)) {
                return e;
            }
        }
        String text = peer.getHostAddress();
        for (Entry e : entries) {
            if (e.selector == Selector.ADDRESS && e.match.equals(text)) {
                return e;
            }
        }
        for (Entry e : entries) {
            if (e.selector == Selector.ANY) {
                return e;
            }
        }
        return null;
    }
}
