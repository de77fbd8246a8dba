package org.certvpn.ike;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** An outer UDP endpoint: the address and port a peer's datagrams come from (after any NAT). */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public Endpoint withPort(int newPort) {
        return new Endpoint(address, newPort);
    }

    @Override
    public String toString() {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
