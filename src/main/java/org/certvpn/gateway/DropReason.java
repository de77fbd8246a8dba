package org.certvpn.gateway;

/** Why the gateway's data path dropped a packet; counted, never thrown. */
enum DropReason {
    /** ESP opened but the payload is not UDP to port 1701 (L2TP/IPsec carries nothing else). */
    NOT_L2TP,
    /** L2TP data for a tunnel/session this peer does not have. */
    NO_SESSION,
    /** An IPv4 packet before IPCP opened. */
    NETWORK_NOT_UP,
    /** An IPv4 packet whose source is not the address the session was given. */
    SPOOFED_SOURCE,
    /** An IPv4 packet from one client to another while client isolation is on. */
    CLIENT_ISOLATION,
    /** A malformed PPP frame or IPv4 header. */
    MALFORMED,
    /** From the TUN device for an address no session holds. */
    NO_ROUTE,
    /** The peer has no outbound SA right now. */
    NO_OUTBOUND_SA,
    /** Sealing failed (sequence numbers exhausted: the SA must be rekeyed). */
    SEAL_FAILED,
    /**
     * The local address the peer negotiated with is no longer the host's (a wildcard listener closed its
     * sockets when it went away).
     */
    NO_LOCAL_ADDRESS,
    /** The socket or TUN device had no room. */
    QUEUE_FULL,
    /** Cleartext L2TP arrived while the test mode is off, or ESP from an unknown peer. */
    NO_PEER
}
