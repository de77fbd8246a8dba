package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetAddress;
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
 * The host's addresses are whatever the test says, and may change while the gateway runs.
 */
public final class InMemoryGatewayIo implements GatewayIo {
    private final InMemoryNetwork network;
    private final InetAddress wildcardAs;
    private volatile List<InetAddress> hostAddresses;
    private InMemoryTunDevice tun;

    public InMemoryGatewayIo(InMemoryNetwork network) {
        this(network, (InetAddress) null);
    }

    /**
     * @param wildcardAs the host's one address: a wildcard IKE listener serves it, and a bind of anything
     *     else to 0.0.0.0 takes it (the in-memory network routes by exact address)
     */
    public InMemoryGatewayIo(InMemoryNetwork network, InetAddress wildcardAs) {
        this.network = network;
        this.wildcardAs = wildcardAs;
        this.hostAddresses = wildcardAs == null ? List.of() : List.of(wildcardAs);
    }

    /** A host with these addresses, in this order (see {@link #hostAddresses(List)}). */
    public InMemoryGatewayIo(InMemoryNetwork network, List<InetAddress> hostAddresses) {
        this(network, hostAddresses.isEmpty() ? null : hostAddresses.getFirst());
        this.hostAddresses = List.copyOf(hostAddresses);
    }

    /** The host's addresses change (as by DHCP); the gateway sees it on its next look. */
    public void hostAddresses(List<InetAddress> addresses) {
        this.hostAddresses = List.copyOf(addresses);
    }

    @Override
    public List<InetAddress> hostAddresses() {
        return hostAddresses;
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
    public DatagramEndpoint rawEsp(InetAddress local) throws IOException {
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
