package org.certvpn.gateway;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.certvpn.net.DatagramEndpoint;

/**
 * The sockets of one local address: UDP/500, the UDP/4500 group (one socket per receive loop) and raw ESP,
 * all bound to that address. Everything the gateway sends to a peer goes out through the set of the address
 * the peer sent to, so the kernel gives it that source address. With a specific listen address there is one
 * set; with the wildcard there is one per host address, opened and closed as addresses come and go.
 */
final class LocalSockets {
    private final InetAddress address;
    private final DatagramEndpoint ike;
    private final List<DatagramEndpoint> natt;
    private final DatagramEndpoint raw;
    private volatile boolean closed;

    /**
     * @param natt at least one socket
     * @param raw null when raw ESP is off
     */
    LocalSockets(InetAddress address, DatagramEndpoint ike, List<DatagramEndpoint> natt, DatagramEndpoint raw) {
        if (natt.isEmpty()) {
            throw new IllegalArgumentException("no UDP/4500 socket");
        }
        this.address = address;
        this.ike = ike;
        this.natt = List.copyOf(natt);
        this.raw = raw;
    }

    InetAddress address() {
        return address;
    }

    DatagramEndpoint ike() {
        return ike;
    }

    /** The UDP/4500 sockets, one per receive loop. */
    List<DatagramEndpoint> natt() {
        return natt;
    }

    /** The UDP/4500 socket that sends (any of the group would do: they share address and port). */
    DatagramEndpoint nattSender() {
        return natt.getFirst();
    }

    /** The raw ESP socket, or null. */
    DatagramEndpoint raw() {
        return raw;
    }

    boolean closed() {
        return closed;
    }

    List<DatagramEndpoint> all() {
        List<DatagramEndpoint> all = new ArrayList<>(natt);
        all.add(ike);
        if (raw != null) {
            all.add(raw);
        }
        return all;
    }

    /** Closes every socket; their receive loops end. */
    void close() {
        closed = true;
        all().forEach(DatagramEndpoint::close);
    }

    @Override
    public String toString() {
        return "LocalSockets[" + address.getHostAddress() + "]";
    }
}
