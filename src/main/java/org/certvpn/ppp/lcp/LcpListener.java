package org.certvpn.ppp.lcp;

/** What LCP tells the link it runs on. */
public interface LcpListener {
    /** LCP reached Opened: authentication (or the network phase) may start. */
    void lcpUp(long nowMillis);

    /** LCP left Opened: every NCP and authentication stop. */
    void lcpDown(long nowMillis);

    /** LCP finished: the link is over. */
    void lcpFinished(long nowMillis);

    /** The peer sent a Protocol-Reject for another protocol (RFC 1661 §5.7): stop speaking it. */
    void protocolRejected(int protocol, long nowMillis);

    /** Negotiation cannot succeed (e.g. the peer refuses every allowed authentication method). */
    void negotiationFailed(String reason, long nowMillis);

    /** The peer asked to end the link (LCP Terminate-Request), with its reason text. */
    void terminateRequested(String message, long nowMillis);

    /** Echo-Requests went unanswered lcp-echo-failure times. */
    void echoTimedOut(long nowMillis);
}
