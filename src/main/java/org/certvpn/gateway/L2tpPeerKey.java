package org.certvpn.gateway;

/**
 * The peer key handed to the L2TP engine: the IPsec peer (outer address and port, through whose SAs the
 * L2TP arrived) and the client's inner L2TP UDP port. A tunnel is bound to this key, so L2TP for it is
 * accepted only from inside that peer's SAs.
 */
record L2tpPeerKey(PeerContext peer, int innerPort) {
    @Override
    public boolean equals(Object o) {
        // PeerContext identity, not value: a reconnect from the same outer endpoint is a new peer.
        return o instanceof L2tpPeerKey k && k.peer == peer && k.innerPort == innerPort;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(peer) * 31 + innerPort;
    }

    @Override
    public String toString() {
        return peer.label() + (innerPort == 1701 ? "" : " l2tp:" + innerPort);
    }
}
