package org.certvpn.ppp.auth;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * A user the gateway lets in, as chap-secrets knew them: a name, the shared secret, and optionally the
 * static address IPCP must give them.
 */
public record PppUser(String name, String password, Optional<Inet4Address> staticAddress) {
    public PppUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(staticAddress, "staticAddress");
    }

    public static PppUser of(String name, String password) {
        return new PppUser(name, password, Optional.empty());
    }

    @Override
    public String toString() {
        return "PppUser[" + name + staticAddress.map(a -> ", static " + a.getHostAddress()).orElse("") + "]";
    }
}
