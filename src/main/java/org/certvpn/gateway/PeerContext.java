package org.certvpn.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certvpn.esp.EspSaPair;
import org.certvpn.esp.OutboundSa;
import org.certvpn.identity.PeerIdentity;

/**
 * One IPsec peer: an outer address and port (port 0 for raw ESP). Two clients behind one NAT are two
 * peers. Owned by its shard; the fields the data path reads (newest outbound SA, sessions) are published
 * through volatile fields holding immutable values.
 */
final class PeerContext {
    private static final SessionContext[] NO_SESSIONS = new SessionContext[0];

    private final InetSocketAddress outer;
    private final Transport transport;
    private final ShardProtocols home;
    private final String label;

    /** Shard thread only. */
    private final List<EspSaPair> saPairs = new ArrayList<>();
    private volatile OutboundSa outbound;
    private volatile Optional<PeerIdentity> identity = Optional.empty();
    private volatile SessionContext[] sessions = NO_SESSIONS;
    private volatile long lastInboundMillis;
    private volatile InetAddress localAddress;
    private volatile LocalSockets sockets;
    private boolean closed;

    PeerContext(InetSocketAddress outer, Transport transport, ShardProtocols home) {
        this.outer = outer;
        this.transport = transport;
        this.home = home;
        this.label = outer.getAddress().getHostAddress() + ":" + outer.getPort();
    }

    InetSocketAddress outer() {
        return outer;
    }

    /** Our address the peer sends to; null for the cleartext test mode and before the first SA. */
    InetAddress localAddress() {
        return localAddress;
    }

    void localAddress(InetAddress address) {
        if (!address.equals(localAddress)) {
            this.localAddress = address;
            this.sockets = null;
        }
    }

    /** The sockets of {@link #localAddress()} as last looked up (the data path's cache), or null. */
    LocalSockets sockets() {
        return sockets;
    }

    void sockets(LocalSockets s) {
        this.sockets = s;
    }

    Transport transport() {
        return transport;
    }

    /** The shard that owns this peer's engines and sessions. */
    ShardProtocols home() {
        return home;
    }

    String label() {
        return label;
    }

    Optional<PeerIdentity> identity() {
        return identity;
    }

    void identity(Optional<PeerIdentity> id) {
        this.identity = id;
    }

    /** The newest outbound SA: a rekey switches to it at once, the old one lives until deleted. */
    OutboundSa outbound() {
        return outbound;
    }

    void addSa(EspSaPair pair) {
        saPairs.add(pair);
        outbound = pair.outbound();
    }

    /** Removes the pair whose inbound SPI is {@code inboundSpi}; returns it, or null. */
    EspSaPair removeSa(int inboundSpi) {
        for (int i = 0; i < saPairs.size(); i++) {
            EspSaPair p = saPairs.get(i);
            if (p.inbound().spi() == inboundSpi) {
                saPairs.remove(i);
                outbound = saPairs.isEmpty() ? null : saPairs.getLast().outbound();
                return p;
            }
        }
        return null;
    }

    List<EspSaPair> saPairs() {
        return List.copyOf(saPairs);
    }

    boolean hasSas() {
        return !saPairs.isEmpty();
    }

    /** Data path: the session with these local L2TP IDs for this inner port, or null. No allocation. */
    SessionContext findSession(int innerPort, int localTunnelId, int localSessionId) {
        SessionContext[] s = sessions;
        for (SessionContext c : s) {
            if (c.localTunnelId() == localTunnelId && c.localSessionId() == localSessionId && c.innerPort() == innerPort) {
                return c;
            }
        }
        return null;
    }

    void addSession(SessionContext s) {
        SessionContext[] old = sessions;
        SessionContext[] n = java.util.Arrays.copyOf(old, old.length + 1);
        n[old.length] = s;
        sessions = n;
    }

    void removeSession(SessionContext s) {
        SessionContext[] old = sessions;
        int k = 0;
        SessionContext[] n = new SessionContext[old.length];
        for (SessionContext c : old) {
            if (c != s) {
                n[k++] = c;
            }
        }
        sessions = k == 0 ? NO_SESSIONS : java.util.Arrays.copyOf(n, k);
    }

    SessionContext[] sessions() {
        return sessions;
    }

    void noteInbound(long nowMillis) {
        lastInboundMillis = nowMillis;
    }

    long lastInboundMillis() {
        return lastInboundMillis;
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return label;
    }
}
