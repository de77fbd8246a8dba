package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.List;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.LinuxTunDevice;
import org.certvpn.net.RawEspSocket;
import org.certvpn.net.TunConfig;
import org.certvpn.net.TunDevice;
import org.certvpn.net.UdpEndpoint;

/** The kernel's sockets and TUN device. Needs root or CAP_NET_ADMIN + CAP_NET_RAW (+ CAP_NET_BIND_SERVICE). */
public final class LinuxGatewayIo implements GatewayIo {
    /**
     * Receive buffer asked for on the IKE and ESP sockets. A burst of connects (certificate payloads,
     * fragments) overflowed the default (about 208 KiB) while the shards were busy with public-key work,
     * and a lost Quick Mode message 3 is never retransmitted. The kernel grants at most
     * {@code net.core.rmem_max}; raise it to get the full size.
     */
    static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    @Override
    public List<DatagramEndpoint> udpGroup(InetSocketAddress address, int count) throws IOException {
        List<UdpEndpoint> group = UdpEndpoint.openGroup(address, count);
        for (UdpEndpoint e : group) {
            enlarge(e);
        }
        return List.copyOf(group);
    }

    @Override
    public DatagramEndpoint udp(InetSocketAddress address) throws IOException {
        return enlarge(UdpEndpoint.open(address, false));
    }

    private static UdpEndpoint enlarge(UdpEndpoint e) throws IOException {
        e.channel().setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        return e;
    }

    @Override
    public DatagramEndpoint rawEsp(java.net.InetAddress local) throws IOException {
        return RawEspSocket.open(local);
    }

    @Override
    public TunDevice tun(TunConfig config) throws IOException {
        return LinuxTunDevice.open(config);
    }

    @Override
    public List<java.net.InetAddress> hostAddresses() {
        return org.certvpn.net.HostAddresses.ipv4().stream().map(LinuxGatewayIo::literal).toList();
    }

    private static java.net.InetAddress literal(String ipv4) {
        try {
            return java.net.InetAddress.getByName(ipv4); // a literal: no name lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
