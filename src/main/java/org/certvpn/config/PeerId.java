package org.certvpn.config;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import org.certvpn.pki.DnPattern;

/**
 * An IKE identity as written in {@code leftid}/{@code rightid} or an {@code ipsec.secrets} selector:
 * {@code %any}, a distinguished name (with {@code *} wildcards), an address, {@code @fqdn},
 * {@code user@fqdn}, {@code @#hex} (key id), and on our side {@code %fromcert} (the exact subject of our
 * certificate, which Android compares byte for byte) or {@code %address} (the address the client
 * reached us on).
 */
public sealed interface PeerId {

    /** Matches any identity; as our own identity it is not allowed. */
    record Any() implements PeerId {
        @Override
        public String toString() {
            return "%any";
        }
    }

    /** Our identity is the DER subject of our certificate. */
    record FromCertificate() implements PeerId {
        @Override
        public String toString() {
            return "%fromcert";
        }
    }

    /** Our identity is the address the client sent its packets to (ID_IPV4_ADDR). */
    record OwnAddress() implements PeerId {
        @Override
        public String toString() {
            return "%address";
        }
    }

    record Dn(DnPattern pattern) implements PeerId {
        public Dn {
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public String toString() {
            return pattern.text();
        }
    }

    record Address(InetAddress address) implements PeerId {
        public Address {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address.getHostAddress();
        }
    }

    /** ID_FQDN; written {@code @host.example}. */
    record Fqdn(String name) implements PeerId {
        public Fqdn {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "@" + name;
        }
    }

    /** ID_USER_FQDN; written {@code user@host.example}. */
    record UserFqdn(String name) implements PeerId {
        public UserFqdn {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * ID_KEY_ID; written {@code @#} followed by hex ({@code hex}, kept in lower case), or {@code @@text} for a
     * text key id. The two are different identities on the wire, so each prints back as it was written.
     */
    record KeyId(String text, boolean hex) implements PeerId {
        public KeyId {
            Objects.requireNonNull(text, "text");
        }

        /** A text key id ({@code @@text}). */
        public KeyId(String text) {
            this(text, false);
        }

        @Override
        public String toString() {
            return (hex ? "@#" : "@@") + text;
        }
    }

    /**
     * Parses an identity.
     *
     * @throws IllegalArgumentException naming the problem, for text that is no identity
     */
    static PeerId parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty identity");
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "%any", "%any4", "0.0.0.0", "%", "*" -> {
                return new Any();
            }
            case "%fromcert" -> {
                return new FromCertificate();
            }
            case "%address", "%defaultroute", "%myid" -> {
                return new OwnAddress();
            }
            default -> { }
        }
        if (t.startsWith("@@")) {
            return new KeyId(requireText(t.substring(2), t));
        }
        if (t.startsWith("@#")) {
            String hex = t.substring(2);
            if (hex.isEmpty() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("key id \"" + t + "\" is not hex");
            }
            return new KeyId(hex.toLowerCase(Locale.ROOT), true);
        }
        if (t.startsWith("@")) {
            return new Fqdn(requireText(t.substring(1), t));
        }
        if (DnPattern.looksLikeDn(t)) {
            return new Dn(DnPattern.parse(t));
        }
        if (Addresses.looksLikeAddress(t)) {
            java.net.InetAddress a = Addresses.parse(t);
            // 00.0.0.0 and the like are 0.0.0.0 too, which means any peer, as the literal above.
            return a instanceof java.net.Inet4Address && a.isAnyLocalAddress() ? new Any() : new Address(a);
        }
        if (t.indexOf('@') > 0) {
            return new UserFqdn(t);
        }
        if (t.indexOf('%') >= 0 || t.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not an identity: \"" + t + "\"");
        }
        if (t.startsWith("#")) {
            // It would print as @#..., which is a key id: a different identity.
            throw new IllegalArgumentException("not an identity: \"" + t + "\" (a key id is written @#HEX)");
        }
        return new Fqdn(t);
    }

    private static String requireText(String s, String whole) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty identity \"" + whole + "\"");
        }
        return s;
    }
}
