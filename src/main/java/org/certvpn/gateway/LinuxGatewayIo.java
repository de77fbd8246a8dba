package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.LinuxTunDevice;
import org.certvpn.net.RawEspSocket;
import org.certvpn.net.TunConfig;
import org.certvpn.net.TunDevice;
import org.certvpn.net.UdpEndpoint;

/** The kernel's sockets and TUN device. Needs root or CAP_NET_ADMIN + CAP_NET_RAW (+ CAP_NET_BIND_SERVICE). */
public final class LinuxGatewayIo implements GatewayIo {
    @Override
    public List<DatagramEndpoint> udpGroup(InetSocketAddress address, int count) throws IOException {
        return List.copyOf(UdpEndpoint.openGroup(address, count));
    }

    @Override
    public DatagramEndpoint udp(InetSocketAddress address) throws IOException {
        return UdpEndpoint.open(address, false);
    }

    @Override
    public DatagramEndpoint rawEsp(java.net.InetAddress local) throws IOException {
        return RawEspSocket.open(local);
    }

    @Override
    public TunDevice tun(TunConfig config) throws IOException {
        return LinuxTunDevice.open(config);
    }
}
