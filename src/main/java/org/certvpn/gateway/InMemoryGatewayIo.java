package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.net.InMemoryTunDevice;
import org.certvpn.net.TunConfig;
import org.certvpn.net.TunDevice;

/**
 * The gateway on an {@link InMemoryNetwork} with an {@link InMemoryTunDevice}: the whole gateway, its
 * threads and engines, tested end to end without root or a kernel. Raw ESP is an endpoint on port 0.
 */
public final class InMemoryGatewayIo implements GatewayIo {
    private final InMemoryNetwork network;
    private final java.net.InetAddress wildcardAs;
    private InMemoryTunDevice tun;

    public InMemoryGatewayIo(InMemoryNetwork network) {
        this(network, null);
    }

    /**
     * @param wildcardAs the address a bind to 0.0.0.0 takes (the in-memory network routes by exact
     *     address), as the kernel would answer on the address clients sent to
     */
    public InMemoryGatewayIo(InMemoryNetwork network, java.net.InetAddress wildcardAs) {
        this.network = network;
        this.wildcardAs = wildcardAs;
    }

    private InetSocketAddress concrete(InetSocketAddress a) {
        return wildcardAs != null && a.getAddress().isAnyLocalAddress() ? new InetSocketAddress(wildcardAs, a.getPort()) : a;
    }

    @Override
    public List<DatagramEndpoint> udpGroup(InetSocketAddress address, int count) throws IOException {
        // The in-memory network has no SO_REUSEPORT: one endpoint serves the whole group.
        List<DatagramEndpoint> one = new ArrayList<>();
        one.add(network.bind(concrete(address)));
        return one;
    }

    @Override
    public DatagramEndpoint udp(InetSocketAddress address) throws IOException {
        return network.bind(concrete(address));
    }

    @Override
    public DatagramEndpoint rawEsp(java.net.InetAddress local) throws IOException {
        // Port 0 stands for "IP protocol 50" on the in-memory network.
        return network.bind(concrete(new InetSocketAddress(local, 0)));
    }

    @Override
    public synchronized TunDevice tun(TunConfig config) {
        tun = new InMemoryTunDevice(config.name(), config.mtu());
        return tun;
    }

    /** The TUN device the gateway opened, for the test to inject and take packets. */
    public synchronized InMemoryTunDevice tunDevice() {
        return tun;
    }
}
