package org.certvpn.l2tp;

/** Why an engine dropped a datagram; each reason has a counter. */
public enum L2tpDrop {
    /** The control message did not decode (see the trace for the offset). */
    MALFORMED_CONTROL,
    /** The data message header did not parse. */
    MALFORMED_DATA,
    /** No tunnel with this ID exists for the peer key. */
    UNKNOWN_TUNNEL,
    /** The tunnel ID exists, but for another peer key: a tunnel is bound to the peer that created it. */
    WRONG_PEER_KEY,
    /** Data for a session ID the tunnel does not have. */
    UNKNOWN_SESSION,
    /** Data for a session that is not (or no longer) established. */
    SESSION_NOT_ESTABLISHED,
    /** A control message that makes no sense in the current state; acknowledged, then ignored. */
    UNEXPECTED_MESSAGE,
    /** A new tunnel was requested while shutting down. */
    SHUTTING_DOWN,
    /** An SCCRQ beyond the tunnel limits (per peer key, or in all), dropped unanswered. */
    TUNNEL_LIMIT,
    /** An ICRQ beyond the session limit of its tunnel, refused with a CDN. */
    SESSION_LIMIT
}
