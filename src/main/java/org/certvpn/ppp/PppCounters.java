package org.certvpn.ppp;

/** Counters of one link. Single-threaded like the link; read them from the link's thread. */
public final class PppCounters {
    /** Why an inbound frame or outbound packet was dropped. */
    public enum Drop {
        /** Not a PPP frame (bad address/control or protocol field). */
        MALFORMED_FRAME,
        /** A control packet that does not decode. */
        MALFORMED_CONTROL,
        /** A protocol not allowed in the current phase (RFC 1661 §3.4-3.5), including IPv4 before IPCP opened. */
        WRONG_PHASE,
        /** IPv4 whose source is not the address assigned to the peer. */
        SPOOFED_SOURCE,
        /** IPv4 with a bad version, header length or total length. */
        MALFORMED_IPV4,
        /** A protocol we do not speak; answered with Protocol-Reject in the network phase. */
        UNKNOWN_PROTOCOL,
        /** Anything after the link went down. */
        LINK_DOWN,
        /** An outbound packet while the network phase is not up. */
        OUTBOUND_NOT_UP
    }

    private final long[] drops = new long[Drop.values().length];
    private long ipv4In;
    private long ipv4Out;
    private long framesIn;

    void drop(Drop reason) {
        drops[reason.ordinal()]++;
    }

    void ipv4In() {
        ipv4In++;
    }

    void ipv4Out() {
        ipv4Out++;
    }

    void frameIn() {
        framesIn++;
    }

    public long dropped(Drop reason) {
        return drops[reason.ordinal()];
    }

    public long droppedTotal() {
        long sum = 0;
        for (long d : drops) {
            sum += d;
        }
        return sum;
    }

    public long ipv4Received() {
        return ipv4In;
    }

    public long ipv4Sent() {
        return ipv4Out;
    }

    public long framesReceived() {
        return framesIn;
    }
}
