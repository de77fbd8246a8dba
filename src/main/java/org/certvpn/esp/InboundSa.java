package org.certvpn.esp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.certvpn.ipsec.ChildSaKeys;

/**
 * The receiving half of an ESP SA: found by SPI in an {@link InboundSaTable}, then checked against the
 * outer address and port it belongs to. Two clients behind one NAT share the address but not the port (nor
 * the SPI), so their SAs never collide. For raw IP protocol 50 the port is 0.
 *
 * <p>State per SA is the key bytes, the replay window and two counters; the cipher objects live per
 * thread ({@link EspContext}).
 */
public final class InboundSa extends SaKeys {
    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PACKETS = lookup.findVarHandle(InboundSa.class, "packets", long.class);
            BYTES = lookup.findVarHandle(InboundSa.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int spi;
    private final ChildSaKeys.Mode mode;
    private final ReplayWindow replayWindow = new ReplayWindow();
    private volatile InetSocketAddress peer;
    @SuppressWarnings("unused") // updated through PACKETS
    private volatile long packets;
    @SuppressWarnings("unused") // updated through BYTES
    private volatile long bytes;
    /** When the gateway last saw a packet of this SA pass every check, on its clock (see {@link #receivedAt}). */
    private volatile long receivedAt = Long.MIN_VALUE;

    /**
     * @param keys the negotiated SA pair; its inbound SPI and keys are used
     * @param peer the peer's outer address and port as packets arrive from it (port 0 for raw ESP)
     */
    public InboundSa(ChildSaKeys keys, InetSocketAddress peer) {
        super(keys.cipher(), keys.integrity(), keys.inboundEncryptionKey(), keys.inboundIntegrityKey());
        this.spi = keys.inboundSpi();
        this.mode = keys.mode();
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    public int spi() {
        return spi;
    }

    public ChildSaKeys.Mode mode() {
        return mode;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    /**
     * Moves the SA to a new outer address:port, e.g. after IKE saw the peer's NAT mapping change. ESP alone
     * never moves an SA: a packet from elsewhere is dropped as {@link EspStatus#PEER_MISMATCH}.
     */
    public void updatePeer(InetSocketAddress newPeer) {
        this.peer = Objects.requireNonNull(newPeer, "newPeer");
    }

    /** Whether {@code source} is this SA's peer; compares without allocating. */
    public boolean isFrom(InetSocketAddress source) {
        return peer.equals(source);
    }

    ReplayWindow replayWindow() {
        return replayWindow;
    }

    void count(int packetLength) {
        PACKETS.getAndAdd(this, 1L);
        BYTES.getAndAdd(this, (long) packetLength);
    }

    /** Packets that passed every check. */
    public long packets() {
        return packets;
    }

    /**
     * When a packet of this SA last passed every check, as noted by the caller with {@link #noteReceivedAt}
     * ({@code Long.MIN_VALUE} before the first): for dead peer detection, which probes only SAs that went
     * quiet. Judged per SA, never per peer: a client not behind NAT sends raw ESP, keyed by its address
     * alone, so after a phone restarts without INITIAL-CONTACT its new SA and its dead old one share a peer,
     * and crediting the new SA's traffic to both kept the dead one alive (seen with strongSwan clients in the
     * interop lab).
     */
    public long receivedAt() {
        return receivedAt;
    }

    /** A packet of this SA passed every check at {@code nowMillis} (one volatile store per packet). */
    public void noteReceivedAt(long nowMillis) {
        receivedAt = nowMillis;
    }

    /** Bytes of ESP packets that passed every check (for the negotiated kilobyte lifetime). */
    public long bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "InboundSa[" + String.format("%08x", spi) + " from " + peer + ", " + cipher + "/" + integrity + "]";
    }
}
