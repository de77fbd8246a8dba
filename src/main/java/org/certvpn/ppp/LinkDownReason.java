package org.certvpn.ppp;

/** Why a PPP link ended, as reported once through {@link PppListener#linkDown}. */
public enum LinkDownReason {
    /** The peer sent LCP Terminate-Request. */
    PEER_TERMINATED,
    /** The gateway closed the link ({@link PppEndpoint#close}). */
    ADMIN_CLOSE,
    /** The carrier (the L2TP session) went away. */
    LOWER_LAYER_DOWN,
    /** lcp-echo-failure Echo-Requests went unanswered. */
    ECHO_TIMEOUT,
    /** Authentication failed or never completed. */
    AUTH_FAILED,
    /** LCP did not converge, or the peer refused something the link needs (e.g. authentication). */
    NEGOTIATION_FAILED,
    /** No address could be assigned: the pool is exhausted or the user's static address is in use. */
    NO_ADDRESS,
    /** IPCP failed or was rejected: the link could carry nothing. */
    NCP_FAILED
}
