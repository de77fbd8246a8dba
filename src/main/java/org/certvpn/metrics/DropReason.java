package org.certvpn.metrics;

/**
 * Why a data-path packet was dropped: the {@code reason} label of {@code certvpn_drops_total}.
 * Bad data-path input is never thrown; it is dropped and counted under one of these.
 */
public enum DropReason {
    /** ESP sequence number outside or already seen in the anti-replay window (RFC 4303 §3.4.3). */
    REPLAY("replay"),
    /** ESP integrity check value did not verify. */
    BAD_ICV("bad_icv"),
    /** An IP packet from a client whose source is not the address it was given. */
    SPOOFED_SOURCE("spoofed_source"),
    /** ESP for an SPI we do not have. */
    NO_SA("no_sa"),
    /** ESP with a known SPI but from another outer address or port than the SA's peer. */
    WRONG_PEER("wrong_peer"),
    /** A packet too short or inconsistent to decode (ESP padding, L2TP or PPP header, IP header). */
    MALFORMED("malformed"),
    /** L2TP outside an ESP SA, or inside the SA of a different peer. */
    CLEARTEXT_L2TP("cleartext_l2tp"),
    /** A packet from the network for a pool address that no session holds. */
    NO_SESSION("no_session"),
    /** IP in a PPP session that has not reached the network phase. */
    NOT_READY("not_ready"),
    /** Client-to-client traffic while clients are isolated. */
    ISOLATED("isolated"),
    /** Anything not listed above. */
    OTHER("other");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** The value of the {@code reason} label. */
    public String label() {
        return label;
    }
}
