package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.TunConfig;
import org.certvpn.net.TunDevice;

/**
 * Where the gateway gets its sockets and TUN device: the kernel's ({@link LinuxGatewayIo}) or in-memory
 * doubles for end-to-end tests ({@link InMemoryGatewayIo}).
 */
public interface GatewayIo {
    /** {@code count} UDP sockets sharing {@code address} (SO_REUSEPORT), one per receive loop. */
    List<DatagramEndpoint> udpGroup(InetSocketAddress address, int count) throws IOException;

    DatagramEndpoint udp(InetSocketAddress address) throws IOException;

    /** A raw IP protocol 50 socket, for ESP from clients not behind NAT. */
    DatagramEndpoint rawEsp(java.net.InetAddress local) throws IOException;

    TunDevice tun(TunConfig config) throws IOException;

    /**
     * The host's IPv4 addresses a wildcard listen address stands for (interfaces that are up; no loopback or
     * link-local addresses), in interface order; empty when they cannot be listed.
     */
    List<java.net.InetAddress> hostAddresses();
}
