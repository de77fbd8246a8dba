package org.certvpn.ike;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** An outer UDP endpoint: the address and port a peer's datagrams come from (after any NAT). */
public record Endpoint(InetAddress address, int port) {
    /** 0.0.0.0: "our address, not known" where a local endpoint is reported. */
    public static final InetAddress UNSPECIFIED = unspecified();

    private static InetAddress unspecified() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Our endpoint: {@code address} (null when not known, reported as {@link #UNSPECIFIED}) and {@code port}. */
    public static Endpoint local(InetAddress address, int port) {
        return new Endpoint(address == null ? UNSPECIFIED : address, port);
    }

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
