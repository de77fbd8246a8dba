package org.certvpn.l2tp;

/** Incoming call states (RFC 2661 §7.4.1 LAC, §7.4.2 LNS). */
public enum SessionState {
    /** LAC: ICRQ queued or sent, waiting for ICRP. */
    WAIT_REPLY,
    /** LNS: ICRP sent, waiting for ICCN. LAC: ICCN sent, waiting for its acknowledgement. */
    WAIT_CONNECT,
    /** PPP frames flow. */
    ESTABLISHED,
    /** Disconnected (CDN sent or received, or the tunnel went down). */
    CLOSED
}
