package org.certvpn.ppp;

/**
 * A PPP link's output, implemented by the gateway (or a test). Called synchronously from inside
 * {@link PppEndpoint#start}, {@link PppEndpoint#receiveFrame}, {@link PppEndpoint#onTimer} and
 * {@link PppEndpoint#close}; implementations must not call back into the same link from these methods.
 */
public interface PppListener {
    /**
     * Send this PPP frame to the peer (through the L2TP session). The frame is {@code buf[off, off+len)};
     * the buffer is fresh and the octets before {@code off} and after the frame are free headroom and
     * tailroom for the L2TP, UDP and ESP headers and trailers. The buffer is the caller's to keep.
     */
    void sendFrame(byte[] buf, int off, int len);

    /**
     * An IPv4 packet from the peer for the TUN device, {@code buf[off, off+len)} inside the buffer handed
     * to {@link PppEndpoint#receiveFrame}; valid only during this call.
     */
    void deliverIpv4(byte[] buf, int off, int len);

    /** The peer authenticated (gateway side), or the gateway accepted us (client side). */
    default void authenticated(String user) {}

    /** Authentication failed; the link is being closed. */
    default void authenticationFailed(String user, String reason) {}

    /** IPCP opened: IPv4 flows from now on. */
    default void networkUp(NetworkParameters parameters) {}

    /** IPCP left Opened: IPv4 is dropped until it opens again. */
    default void networkDown() {}

    /** The link is over; called exactly once, after which the link drops everything it is given. */
    default void linkDown(LinkDownReason reason, String detail) {}
}
