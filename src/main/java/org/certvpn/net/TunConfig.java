package org.certvpn.net;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * How to bring up the gateway's TUN device.
 *
 * @param name interface name (at most 15 bytes), e.g. {@code certvpn0}
 * @param address the gateway's own tunnel address, e.g. 203.0.113.1
 * @param prefixLength length of the connected network on the device, e.g. 24: the kernel routes it in
 * @param mtu interface MTU: the path MTU less ESP, UDP, L2TP and PPP overhead
 * @param routes further prefixes routed into the device, e.g. a client pool outside the connected network
 * @param multiQueue open with IFF_MULTI_QUEUE so that several reader threads each get their own queue
 */
public record TunConfig(String name, Inet4Address address, int prefixLength, int mtu, List<Ipv4Prefix> routes,
        boolean multiQueue) {
    public TunConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        routes = List.copyOf(routes);
        if (name.isEmpty() || name.getBytes(StandardCharsets.US_ASCII).length > 15) {
            throw new IllegalArgumentException("interface name must be 1-15 bytes: " + name);
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0-32");
        }
        if (mtu < 576 || mtu > 65_535) {
            throw new IllegalArgumentException("MTU " + mtu + " outside 576-65535");
        }
    }

    /** The connected network, e.g. 203.0.113.0/24. */
    public Ipv4Prefix network() {
        return Ipv4Prefix.of(address, prefixLength);
    }
}
