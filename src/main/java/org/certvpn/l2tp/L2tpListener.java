package org.certvpn.l2tp;

/**
 * What an L2TP engine asks its owner to do or tells it happened. Called synchronously from
 * {@code receive}, {@code onTimer} and the other engine methods, never from another thread.
 */
public interface L2tpListener {

    /** Send this control message (a UDP payload for port 1701) to the peer behind {@code peerKey}. */
    void sendControl(Object peerKey, byte[] datagram);

    /** The control connection is established (SCCCN handled on the LNS, acknowledged on the LAC). */
    default void tunnelUp(TunnelInfo tunnel) {}

    /** The tunnel is gone; its sessions were reported down just before. */
    default void tunnelDown(TunnelInfo tunnel, String reason) {}

    /**
     * A session is established: PPP may start. The handle stays valid until
     * {@link #sessionDown}; the gateway keeps it next to its PPP session.
     */
    default void sessionUp(L2tpSession session) {}

    /** The session ended (CDN either way, tunnel down, shutdown): stop its PPP, free its address. */
    default void sessionDown(L2tpSession session, String reason) {}

    /**
     * A PPP frame arrived for an established session. {@code buf[offset..offset+length)} is the
     * frame as the peer sent it (FF 03 present or not) and is valid only during the call.
     */
    default void pppFrame(L2tpSession session, byte[] buf, int offset, int length) {}

    /**
     * After {@code shutdown}: every tunnel has closed; {@code acknowledged} peers confirmed our
     * StopCCN (or sent their own), {@code timedOut} never answered.
     */
    default void shutdownComplete(int acknowledged, int timedOut) {}

    /**
     * Asked when a tunnel's HELLO falls due: when data of {@code session} last arrived by a path that bypasses
     * the engine (a gateway's fast path hands plain data messages straight to PPP and IP), on the engine's
     * clock, or {@code Long.MIN_VALUE}. The newest answer of the tunnel's sessions counts as heard, so HELLO
     * goes out exactly {@code helloInterval} after the last data, as with data the engine saw itself.
     */
    default long dataReceivedAt(L2tpSession session) {
        return Long.MIN_VALUE;
    }
}
