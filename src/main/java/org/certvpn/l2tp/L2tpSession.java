package org.certvpn.l2tp;

import java.lang.System.Logger.Level;
import org.certvpn.l2tp.wire.DataHeader;

/**
 * One L2TP session (call) and its data path. The engine owns the control side; the owner uses
 * the data side:
 *
 * <ul>
 *   <li>inbound PPP frames arrive through {@link L2tpListener#pppFrame};
 *   <li>outbound, the owner places a PPP frame in a buffer with at least
 *       {@link #MAX_HEADER_LENGTH} octets of headroom and calls {@link #encapsulate}, which writes
 *       the L2TP header in place and returns where the datagram starts.
 * </ul>
 *
 * <p>Sequencing mirrors the peer (RFC 2661 §5.4, the LNS controls it): we send Ns once the peer's
 * data carried it or its ICCN asked for it with Sequencing Required, and otherwise the plain
 * header Android's PPPoLAC sends. The L bit follows the {@code length bit} setting.
 *
 * <p>Not thread-safe: called on the engine's thread.
 */
public final class L2tpSession {
    private static final System.Logger LOG = System.getLogger("org.certvpn.l2tp");

    /** Headroom {@link #encapsulate} may need in front of the PPP frame. */
    public static final int MAX_HEADER_LENGTH = DataHeader.MAX_WRITTEN_HEADER_LENGTH;

    private final Tunnel tunnel;
    private final int localSessionId;
    private final long setupDeadline;
    private int peerSessionId;
    private SessionState state;
    private long callSerialNumber;
    private long framingType;
    private long txConnectSpeed;
    private boolean sequencingRequired;
    private long sendAccm = 0xFFFFFFFFL;
    private long receiveAccm = 0xFFFFFFFFL;

    private boolean sendSequence;
    private int sendNs;
    private int expectedNs;
    private boolean sawSequence;
    private long rxPackets;
    private long txPackets;
    private long rxOutOfSequence;

    L2tpSession(Tunnel tunnel, int localSessionId, SessionState initial, long setupDeadline) {
        this.tunnel = tunnel;
        this.localSessionId = localSessionId;
        this.state = initial;
        this.setupDeadline = setupDeadline;
    }

    /** When the session is cleared unless it is established by then. */
    long setupDeadline() {
        return setupDeadline;
    }

    /** Moves to {@code to}, logging why (at DEBUG, as tunnels do); the one place states change. */
    void transition(SessionState to, String why) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, tunnel.label() + " session " + localSessionId + "/" + peerSessionId + ": "
                    + state + " -> " + to + ", " + why);
        }
        state = to;
    }

    /**
     * Accepts a parsed data message for this session: counts it, notes Ns, switches our own
     * sequencing on when the peer uses it. Returns false (drop) unless established.
     */
    boolean accept(DataHeader h, long now) {
        if (state != SessionState.ESTABLISHED) {
            return false;
        }
        rxPackets++;
        if (h.hasSequence()) {
            if (sawSequence && h.ns() != expectedNs) {
                rxOutOfSequence++;
            }
            sawSequence = true;
            expectedNs = (h.ns() + 1) & 0xFFFF;
            sendSequence = true;
        }
        tunnel.noteDataReceived(now);
        return true;
    }

    /**
     * Writes the L2TP data header in front of the PPP frame at
     * {@code buf[payloadOffset..payloadOffset+payloadLength)} and returns the index of the first
     * octet of the L2TP message; the datagram is {@code buf[start..payloadOffset+payloadLength)}.
     * Allocates nothing.
     *
     * @throws IllegalArgumentException when the headroom is smaller than the header
     */
    public int encapsulate(byte[] buf, int payloadOffset, int payloadLength) {
        boolean seq = sendSequence;
        int start = DataHeader.write(buf, payloadOffset, payloadLength, tunnel.peerTunnelId(), peerSessionId,
                tunnel.settings().lengthBit(), seq, sendNs);
        if (seq) {
            sendNs = (sendNs + 1) & 0xFFFF;
        }
        txPackets++;
        return start;
    }

    /** Header length the next {@link #encapsulate} writes. */
    public int headerLength() {
        return DataHeader.headerLength(tunnel.settings().lengthBit(), sendSequence);
    }

    public Object peerKey() {
        return tunnel.peerKey();
    }

    public TunnelInfo tunnel() {
        return tunnel.info();
    }

    public int localTunnelId() {
        return tunnel.localTunnelId();
    }

    public int peerTunnelId() {
        return tunnel.peerTunnelId();
    }

    public int localSessionId() {
        return localSessionId;
    }

    public int peerSessionId() {
        return peerSessionId;
    }

    public SessionState state() {
        return state;
    }

    public boolean isEstablished() {
        return state == SessionState.ESTABLISHED;
    }

    /** The Call Serial Number of the ICRQ. */
    public long callSerialNumber() {
        return callSerialNumber;
    }

    /** The Framing Type of the ICCN (1 synchronous, 2 asynchronous; Android sends 3). */
    public long framingType() {
        return framingType;
    }

    /** The (Tx) Connect Speed of the ICCN, bits per second. */
    public long txConnectSpeed() {
        return txConnectSpeed;
    }

    /** Whether the ICCN carried Sequencing Required. */
    public boolean sequencingRequired() {
        return sequencingRequired;
    }

    /** Whether our data messages currently carry Ns (see the class comment). */
    public boolean sendsSequenceNumbers() {
        return sendSequence;
    }

    /** The send ACCM from the peer's last SLI (all ones until one arrives). */
    public long sendAccm() {
        return sendAccm;
    }

    /** The receive ACCM from the peer's last SLI. */
    public long receiveAccm() {
        return receiveAccm;
    }

    public long rxPackets() {
        return rxPackets;
    }

    public long txPackets() {
        return txPackets;
    }

    /** Data messages whose Ns was not the one expected (delivered anyway; PPP copes). */
    public long rxOutOfSequence() {
        return rxOutOfSequence;
    }

    void peerSessionId(int id) {
        this.peerSessionId = id;
    }

    void callSerialNumber(long v) {
        this.callSerialNumber = v;
    }

    void connected(long framing, long speed, boolean sequencing) {
        this.framingType = framing;
        this.txConnectSpeed = speed;
        this.sequencingRequired = sequencing;
        this.sendSequence |= sequencing;
    }

    void accm(long send, long receive) {
        this.sendAccm = send;
        this.receiveAccm = receive;
    }

    @Override
    public String toString() {
        return tunnel.label() + " session " + localSessionId + "/" + peerSessionId + " " + state;
    }
}
