package org.certvpn.gateway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.certvpn.identity.PeerIdentity;

/**
 * The established L2TP tunnels of each IKE identity, gateway-wide, so that a tunnel coming up can have
 * the older tunnels of its identity probed at once. A phone that lost power sends no DELETE and no
 * StopCCN, and strongSwan clients send no INITIAL-CONTACT when they reconnect; without the probe the dead
 * session holds its address and counts against the limits until HELLO finds it, 60 s of silence plus
 * the retransmission budget later. Keyed by the IKE identity, not the PPP user: the identity is known
 * when the tunnel comes up, the user only after PPP authentication, and the two differ when the binding
 * is off (as with the classic configuration files).
 *
 * <p>Any shard thread may call it; each identity's entry is changed and read under its map bin's lock.
 */
final class TunnelsByIdentity {
    /** An established tunnel and the shard that owns it (and alone may touch it). */
    record Tunnel(ShardProtocols home, L2tpPeerKey key, int localTunnelId) {}

    /**
     * Tunnels probed per tunnel that comes up, the most recently established first. A person's certificate
     * has a few tunnels at most (the per-user limit defaults to 8); a certificate that many clients share
     * (a load test) would otherwise make every connect probe every other client, quadratic in their number.
     */
    static final int MAX_PROBED = 16;

    private final ConcurrentHashMap<String, LinkedHashSet<Tunnel>> byIdentity = new ConcurrentHashMap<>();

    /** The index key: the same identity as uniqueids means it (kind of authentication and IKE ID). */
    static String key(PeerIdentity identity) {
        return identity.method() + " " + identity.ikeId();
    }

    /**
     * Files a tunnel that just came up and returns the other tunnels of its identity to probe: at most
     * {@link #MAX_PROBED}, the most recently established first.
     */
    List<Tunnel> add(String identity, Tunnel tunnel) {
        List<Tunnel> others = new ArrayList<>();
        byIdentity.compute(identity, (id, known) -> {
            LinkedHashSet<Tunnel> tunnels = known != null ? known : new LinkedHashSet<>();
            for (Tunnel t : tunnels.reversed()) {
                if (others.size() == MAX_PROBED) {
                    break;
                }
                others.add(t);
            }
            tunnels.add(tunnel);
            return tunnels;
        });
        return others;
    }

    void remove(String identity, Tunnel tunnel) {
        byIdentity.computeIfPresent(identity, (id, tunnels) -> {
            tunnels.remove(tunnel);
            return tunnels.isEmpty() ? null : tunnels;
        });
    }

    /** Established tunnels filed under {@code identity}. */
    int count(String identity) {
        int[] n = new int[1];
        byIdentity.computeIfPresent(identity, (id, tunnels) -> {
            n[0] = tunnels.size();
            return tunnels;
        });
        return n[0];
    }
}
