package org.certvpn.ppp;

/** The link phases of RFC 1661 §3.2. */
public enum Phase {
    /** Link Dead: nothing yet, or all over. */
    DEAD,
    /** Link Establishment: LCP negotiates; every other protocol is discarded. */
    ESTABLISH,
    /** Authentication: only LCP and the agreed authentication protocol (§3.5). */
    AUTHENTICATE,
    /** Network-Layer Protocol: IPCP, then IPv4. */
    NETWORK,
    /** Link Termination: LCP Terminate exchange. */
    TERMINATE
}
