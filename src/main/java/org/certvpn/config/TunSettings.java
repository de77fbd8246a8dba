package org.certvpn.config;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * The one TUN device of the gateway.
 *
 * @param name interface name
 * @param address the gateway's own address on it (clients ping it); routes to the pool point here
 * @param isolateClients drop packets from one client to another
 */
public record TunSettings(String name, Inet4Address address, boolean isolateClients) {
    public static final String DEFAULT_NAME = "certvpn0";

    public TunSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }
}
