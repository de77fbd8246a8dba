package org.certvpn.ike;

import org.certvpn.ipsec.ChildSaKeys;

/**
 * What an IKE engine asks its caller to do and tells it about. Called synchronously from
 * {@code receive}, {@code onTimer} and the other engine methods, never from inside a decoder.
 */
public interface IkeListener {

    /**
     * Send one IKE datagram from {@code local} to {@code remote}. {@code local} is the address and port the
     * peer's datagrams reached us on (so an edge listening on several addresses answers from the one the
     * peer used), or {@link Endpoint#UNSPECIFIED} with our port when the engine was never told its address.
     * On port 4500 the edge prepends the 4-byte non-ESP marker (RFC 3948 §2.2); the bytes here never
     * include it.
     */
    default void send(Endpoint local, Endpoint remote, byte[] datagram) {
        send(local.port(), remote, datagram);
    }

    /**
     * The same without our address, for listeners that have only one: the engine calls
     * {@link #send(Endpoint, Endpoint, byte[])}, whose default comes here. Implement one of the two.
     */
    default void send(int localPort, Endpoint remote, byte[] datagram) {
        throw new UnsupportedOperationException("an IkeListener must implement send(Endpoint, Endpoint, byte[])");
    }

    /** Phase 1 completed and the peer is authenticated. */
    default void ikeSaUp(IkeSaInfo sa) {}

    /** The IKE SA is gone: deleted by the peer or by us, expired, replaced, or the peer stopped answering DPD. */
    default void ikeSaDown(IkeSaInfo sa, String reason) {}

    /** Install these ESP keys; traffic may flow in both directions from now on. */
    default void childSaInstalled(ChildSaInfo child, ChildSaKeys keys) {}

    /** Remove the ESP SAs with these SPIs. */
    default void childSaRemoved(ChildSaInfo child, String reason) {}

    /**
     * A negotiation with {@code peer} failed for good (not a dropped stray message): why, as a counter
     * reason, and the one-line detail also written to the trace.
     */
    default void negotiationFailed(Endpoint peer, DropReason reason, String detail) {}

    /** A negotiation with {@code peer} was given up because the peer stopped answering. */
    default void negotiationTimedOut(Endpoint peer, String detail) {}

    /** A new Main Mode or Aggressive Mode from {@code peer} started (counted as a handshake attempt). */
    default void negotiationStarted(Endpoint peer) {}

    /**
     * Asked when a DPD probe falls due: when ESP last arrived on the child SA with inbound SPI
     * {@code inboundSpi}, on the engine's clock, or {@code Long.MIN_VALUE}. The newest answer of the IKE SA's
     * children counts as heard, so the probe waits until one DPD delay after the last ESP (RFC 3706 §5.5:
     * probe only when idle). Asked when due, so nothing walks every SA to report traffic, and nothing races
     * the probe. The default knows no traffic.
     */
    default long espReceivedAt(int inboundSpi) {
        return Long.MIN_VALUE;
    }

    /** One trace line for a connection ({@code label} like "ike#12 203.0.113.7:4500"). */
    default void trace(String label, String line) {}
}
