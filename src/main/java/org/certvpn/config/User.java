package org.certvpn.config;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * A PPP user, as one chap-secrets line ({@code client server secret addresses}).
 *
 * @param name the PPP user name; {@code *} matches any name (chap-secrets semantics)
 * @param server the authenticator name this secret is for; {@code *} for any
 * @param password the shared secret
 * @param staticAddress the address this user always gets, instead of one from the pool
 */
public record User(String name, String server, Secret password, Optional<Inet4Address> staticAddress) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(staticAddress, "staticAddress");
    }
}
