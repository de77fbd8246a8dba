package org.certvpn.l2tp;

/** Control connection states (RFC 2661 §7.2), with the closing states made explicit. */
public enum TunnelState {
    /** Created, nothing sent yet. */
    IDLE,
    /** LAC: SCCRQ sent, waiting for SCCRP. */
    WAIT_CTL_REPLY,
    /** LNS: SCCRP sent, waiting for SCCCN. LAC: SCCCN sent, waiting for its acknowledgement. */
    WAIT_CTL_CONN,
    /** Sessions may be set up. */
    ESTABLISHED,
    /** We sent StopCCN and wait for its acknowledgement. */
    CLOSING,
    /** Closed; kept for the full retransmission interval to acknowledge late duplicates (§5.7). */
    CLOSED
}
