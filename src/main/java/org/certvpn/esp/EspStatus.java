package org.certvpn.esp;

/**
 * Outcome of one {@link EspContext#open} or {@link EspContext#seal}. Every value but {@link #OK} means the
 * packet was dropped; each is counted per reason in {@link EspContext#count(EspStatus)}. The data path never
 * throws for bad input.
 */
public enum EspStatus {
    /** Opened (payload bounds and next header are in the context) or sealed (packet bounds are). */
    OK,
    /** No inbound SA has the packet's SPI, or the SA (either direction) has been deleted. */
    NO_SA,
    /** The SA exists but belongs to another outer address:port (another client, perhaps behind the same NAT). */
    PEER_MISMATCH,
    /** Too short, not a whole number of cipher blocks, or larger than a datagram can be. */
    MALFORMED,
    /** Sequence number already seen, zero, or behind the anti-replay window (RFC 4303 §3.4.3). */
    REPLAY,
    /** Integrity check value does not verify (RFC 4303 §3.4.4). */
    BAD_ICV,
    /** Pad length too long or pad bytes not 1, 2, 3, ... (RFC 4303 §2.4). */
    BAD_PADDING,
    /** Next header 59: a traffic-flow-confidentiality dummy packet, discarded by rule (RFC 4303 §2.6). */
    DUMMY,
    /** Outbound sequence number space used up: the SA must be rekeyed before sending more (RFC 4303 §3.3.3). */
    SEQUENCE_EXHAUSTED,
    /** The caller's buffer lacks the headroom or tailroom for the ESP header, IV, trailer and ICV. */
    NO_ROOM;

    public boolean isDrop() {
        return this != OK;
    }
}
