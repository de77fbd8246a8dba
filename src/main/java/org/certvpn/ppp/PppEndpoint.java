package org.certvpn.ppp;

import org.certvpn.common.MalformedPacketException;
import org.certvpn.ppp.auth.AuthExchange;
import org.certvpn.ppp.fsm.FsmState;
import org.certvpn.ppp.fsm.NegotiationAutomaton;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.lcp.Lcp;
import org.certvpn.ppp.lcp.LcpListener;
import org.certvpn.ppp.wire.ControlPacket;
import org.certvpn.ppp.wire.PppFrame;
import org.certvpn.ppp.wire.PppFrameHeader;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * What both ends of a PPP link share: frame dispatch by protocol and phase, LCP, the phase machine,
 * the IPv4 data path, counters, timers and the single link-down report. {@link PppSession} (the
 * gateway) and {@link PppClient} add their authentication role and their IPCP side.
 *
 * <p>Inbound flow of {@link #receiveFrame}: parse the header in place; IPv4 goes straight to the data
 * path (accepted only in the network phase with IPCP opened, and only when {@link #acceptSource}
 * agrees), everything else is a control packet for LCP, the authentication exchange or IPCP, each
 * admitted only in its phases (RFC 1661 §3); an unknown protocol in the network phase draws a
 * Protocol-Reject.
 *
 * <p>Not thread-safe: one link is driven by one thread at a time.
 */
public abstract sealed class PppEndpoint implements LcpListener permits PppSession, PppClient {
    /** IPv4 header fields used by the source check. */
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV4_SOURCE_OFFSET = 12;

    protected final Trace trace;
    protected final PppListener listener;
    protected final RestartTimers timers;
    protected final Lcp lcp;
    protected final PppCounters counters = new PppCounters();
    private final int headroom;
    private final int tailroom;
    private final PppFrameHeader header = new PppFrameHeader();

    private Phase phase = Phase.DEAD;
    protected AuthExchange auth;
    protected NegotiationAutomaton ipcp;
    private boolean finished;
    private LinkDownReason downReason;
    private String downDetail = "";

    PppEndpoint(String label, PppListener listener, RestartTimers timers, int headroom, int tailroom,
            LcpFactory lcpFactory) {
        this.trace = new Trace(label);
        this.listener = listener;
        this.timers = timers;
        this.headroom = headroom;
        this.tailroom = tailroom;
        this.lcp = lcpFactory.create(this::sendControl, this, trace);
    }

    /** Builds the link's LCP once the endpoint can receive its callbacks. */
    @FunctionalInterface
    interface LcpFactory {
        Lcp create(org.certvpn.ppp.fsm.ControlSender sender, LcpListener listener, Trace trace);
    }

    // ---- the public surface ----

    /** The carrier is up (the L2TP session is established): start LCP. */
    public void start(long nowMillis) {
        if (phase != Phase.DEAD || finished) {
            return;
        }
        transition(Phase.ESTABLISH, "lower layer up");
        lcp.automaton().up(nowMillis);
        lcp.automaton().open(nowMillis);
    }

    /** Handles one PPP frame from the peer, {@code buf[off, off+len)}. Never throws for bad input. */
    public void receiveFrame(byte[] buf, int off, int len, long nowMillis) {
        if (finished) {
            counters.drop(PppCounters.Drop.LINK_DOWN);
            return;
        }
        counters.frameIn();
        if (!header.parse(buf, off, len)) {
            counters.drop(PppCounters.Drop.MALFORMED_FRAME);
            return;
        }
        int protocol = header.protocol();
        int info = off + header.headerLength();
        int infoLen = len - header.headerLength();
        if (protocol == PppProtocol.IPV4) {
            receiveIpv4(buf, info, infoLen);
            return;
        }
        receiveControl(protocol, buf, info, infoLen, nowMillis);
    }

    /**
     * Prepends the PPP header to an outbound IPv4 packet in place, compressed as the peer agreed
     * (ACFC/PFC), and returns where the frame starts, or -1 (counted) when the network is not up.
     * The caller leaves {@link PppFrameHeader#MAX_LENGTH} octets of headroom before {@code ipOffset};
     * the frame then runs from the returned offset to {@code ipOffset + ipLength}.
     */
    public int encapsulateIpv4(byte[] buf, int ipOffset, int ipLength) {
        if (!networkUp()) {
            counters.drop(PppCounters.Drop.OUTBOUND_NOT_UP);
            return -1;
        }
        counters.ipv4Out();
        return PppFrameHeader.write(buf, ipOffset, PppProtocol.IPV4, lcp.peerAcceptsAcfc(), lcp.peerAcceptsPfc());
    }

    /** When {@link #onTimer} is next needed; {@link Long#MAX_VALUE} when never. */
    public long nextDeadline() {
        if (finished) {
            return NegotiationAutomaton.NO_DEADLINE;
        }
        long d = lcp.nextDeadline();
        if (auth != null) {
            d = Math.min(d, auth.nextDeadline());
        }
        if (ipcp != null) {
            d = Math.min(d, ipcp.nextDeadline());
        }
        return d;
    }

    /** Runs every timer that has expired. */
    public void onTimer(long nowMillis) {
        if (finished) {
            return;
        }
        lcp.onTimer(nowMillis);
        if (auth != null && !finished) {
            auth.onTimer(nowMillis);
        }
        if (ipcp != null && !finished) {
            ipcp.onTimer(nowMillis);
        }
    }

    /** Closes the link gracefully: LCP Terminate-Request, then link down when acknowledged or timed out. */
    public void close(LinkDownReason reason, String detail, long nowMillis) {
        if (finished) {
            return;
        }
        recordDown(reason, detail);
        transition(Phase.TERMINATE, detail);
        lcp.automaton().close(nowMillis, detail);
        finishIfLcpIdle(nowMillis);
    }

    /** The carrier went away: the link ends now, without a Terminate exchange. */
    public void lowerLayerDown(long nowMillis) {
        lowerLayerGone(LinkDownReason.LOWER_LAYER_DOWN, "carrier lost", nowMillis);
    }

    public Phase phase() {
        return phase;
    }

    public boolean isFinished() {
        return finished;
    }

    /** True while IPv4 may flow: network phase with IPCP opened. */
    public boolean networkUp() {
        return phase == Phase.NETWORK && ipcp != null && ipcp.isOpened();
    }

    public PppCounters counters() {
        return counters;
    }

    public FsmState lcpState() {
        return lcp.automaton().state();
    }

    /** The IPCP automaton's state, {@link FsmState#INITIAL} before the network phase. */
    public FsmState ipcpState() {
        return ipcp == null ? FsmState.INITIAL : ipcp.state();
    }

    /** The largest frame the peer accepts (LCP MRU). */
    public int peerMru() {
        return lcp.peerMru();
    }

    // ---- what the roles fill in ----

    /** LCP opened: start authentication or the network phase. */
    protected abstract void linkEstablished(long nowMillis);

    /** Whether an IPv4 packet with this source address may enter (the gateway checks the assigned one). */
    protected abstract boolean acceptSource(int sourceAddress);

    /** A protocol other than LCP, the authentication protocol and IPCP, in the network phase. */
    protected boolean receiveOtherNcp(int protocol, ControlPacket packet, long nowMillis) {
        return false;
    }

    /** The link is over: release what the role holds. Called once, before the listener hears of it. */
    protected abstract void released();

    // ---- shared plumbing for the roles ----

    protected final void transition(Phase to, String why) {
        if (to != phase) {
            trace.debug("phase %s -> %s (%s)", phase, to, why);
            phase = to;
        }
    }

    protected final void recordDown(LinkDownReason reason, String detail) {
        if (downReason == null) {
            downReason = reason;
            downDetail = detail;
        }
    }

    protected final void sendControl(int protocol, ControlPacket packet) {
        byte[] information = packet.encode();
        byte[] buf = PppFrame.encodeUncompressed(protocol, information, headroom, tailroom);
        listener.sendFrame(buf, headroom, PppFrameHeader.MAX_LENGTH + information.length);
    }

    /** Ends the link at once (echo timeout, carrier loss): no Terminate exchange. */
    protected final void lowerLayerGone(LinkDownReason reason, String detail, long nowMillis) {
        if (finished) {
            return;
        }
        recordDown(reason, detail);
        lcp.automaton().down(nowMillis);
        lcp.automaton().close(nowMillis, detail);
        finishIfLcpIdle(nowMillis);
    }

    private void finishIfLcpIdle(long nowMillis) {
        FsmState s = lcp.automaton().state();
        if (!finished && (s == FsmState.INITIAL || s == FsmState.STARTING || s == FsmState.CLOSED
                || s == FsmState.STOPPED)) {
            finish(nowMillis);
        }
    }

    private void finish(long nowMillis) {
        if (finished) {
            return;
        }
        finished = true;
        stopUpperLayers(nowMillis);
        transition(Phase.DEAD, "link finished");
        released();
        LinkDownReason reason = downReason == null ? LinkDownReason.NEGOTIATION_FAILED : downReason;
        String detail = downReason == null ? "LCP negotiation did not converge" : downDetail;
        trace.info("link down: %s (%s); %d frames in, %d IPv4 in, %d IPv4 out, %d dropped", reason, detail,
                counters.framesReceived(), counters.ipv4Received(), counters.ipv4Sent(), counters.droppedTotal());
        listener.linkDown(reason, detail);
    }

    private void stopUpperLayers(long nowMillis) {
        if (auth != null) {
            auth.stop();
        }
        if (ipcp != null && ipcp.state() != FsmState.INITIAL) {
            NegotiationAutomaton n = ipcp;
            n.down(nowMillis);
            if (n.state() != FsmState.INITIAL) {
                n.close(nowMillis, "link down");
            }
        }
    }

    private void receiveIpv4(byte[] buf, int off, int len) {
        if (!networkUp()) {
            counters.drop(PppCounters.Drop.WRONG_PHASE);
            return;
        }
        if (len < IPV4_MIN_HEADER || (buf[off] & 0xF0) != 0x40 || (buf[off] & 0x0F) < 5) {
            counters.drop(PppCounters.Drop.MALFORMED_IPV4);
            return;
        }
        int totalLength = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        if (totalLength < IPV4_MIN_HEADER || totalLength > len || (buf[off] & 0x0F) * 4 > totalLength) {
            counters.drop(PppCounters.Drop.MALFORMED_IPV4);
            return;
        }
        int p = off + IPV4_SOURCE_OFFSET;
        int source = ((buf[p] & 0xFF) << 24) | ((buf[p + 1] & 0xFF) << 16) | ((buf[p + 2] & 0xFF) << 8)
                | (buf[p + 3] & 0xFF);
        if (!acceptSource(source)) {
            counters.drop(PppCounters.Drop.SPOOFED_SOURCE);
            return;
        }
        counters.ipv4In();
        // Trailing octets beyond Total Length (link padding) are not part of the packet.
        listener.deliverIpv4(buf, off, totalLength);
    }

    private void receiveControl(int protocol, byte[] buf, int off, int len, long nowMillis) {
        boolean lcpOpened = lcp.isOpened();
        boolean known = protocol == PppProtocol.LCP || protocol == PppProtocol.IPCP
                || (auth != null && protocol == auth.protocol());
        if (!known && phase == Phase.NETWORK) {
            ControlPacket packet = decodeQuietly(buf, off, len);
            if (packet != null && receiveOtherNcp(protocol, packet, nowMillis)) {
                return;
            }
            counters.drop(PppCounters.Drop.UNKNOWN_PROTOCOL);
            lcp.sendProtocolReject(protocol, buf, off, len);
            return;
        }
        boolean allowed = switch (phase) {
            case ESTABLISH, TERMINATE, DEAD -> protocol == PppProtocol.LCP;
            case AUTHENTICATE -> protocol == PppProtocol.LCP || (auth != null && protocol == auth.protocol());
            case NETWORK -> true;
        };
        if (!allowed || (protocol != PppProtocol.LCP && !lcpOpened)) {
            trace.debug("discarded %s in phase %s", PppProtocol.name(protocol), phase);
            counters.drop(PppCounters.Drop.WRONG_PHASE);
            return;
        }
        ControlPacket packet = decodeQuietly(buf, off, len);
        if (packet == null) {
            counters.drop(PppCounters.Drop.MALFORMED_CONTROL);
            return;
        }
        if (protocol == PppProtocol.LCP) {
            lcp.receive(packet, nowMillis);
        } else if (protocol == PppProtocol.IPCP) {
            if (ipcp == null) {
                counters.drop(PppCounters.Drop.WRONG_PHASE);
                return;
            }
            ipcp.receive(packet, nowMillis);
        } else {
            auth.receive(packet, nowMillis);
        }
    }

    private ControlPacket decodeQuietly(byte[] buf, int off, int len) {
        try {
            return ControlPacket.decode(buf, off, len);
        } catch (MalformedPacketException e) {
            trace.debug("malformed control packet: %s", e.getMessage());
            return null;
        }
    }

    // ---- LcpListener ----

    @Override
    public void lcpUp(long nowMillis) {
        linkEstablished(nowMillis);
    }

    @Override
    public void lcpDown(long nowMillis) {
        // Leave the network phase first, so IPCP finishing below reads as a consequence, not a failure.
        if (phase != Phase.TERMINATE && phase != Phase.DEAD) {
            transition(Phase.ESTABLISH, "LCP left Opened");
        }
        stopUpperLayers(nowMillis);
        auth = null;
    }

    @Override
    public void lcpFinished(long nowMillis) {
        finish(nowMillis);
    }

    @Override
    public void protocolRejected(int protocol, long nowMillis) {
        if (protocol == PppProtocol.IPCP && ipcp != null) {
            ipcp.protocolRejected(nowMillis);
        } else if (auth != null && protocol == auth.protocol() && phase == Phase.AUTHENTICATE) {
            close(LinkDownReason.AUTH_FAILED, "peer rejected " + PppProtocol.name(protocol), nowMillis);
        }
    }

    @Override
    public void negotiationFailed(String reason, long nowMillis) {
        close(LinkDownReason.NEGOTIATION_FAILED, reason, nowMillis);
    }

    @Override
    public void terminateRequested(String message, long nowMillis) {
        recordDown(LinkDownReason.PEER_TERMINATED,
                message.isEmpty() ? "peer sent Terminate-Request" : "peer: " + message);
        if (phase != Phase.DEAD) {
            transition(Phase.TERMINATE, "peer terminates");
        }
    }

    @Override
    public void echoTimedOut(long nowMillis) {
        lowerLayerGone(LinkDownReason.ECHO_TIMEOUT, "no reply to LCP Echo-Requests", nowMillis);
    }
}
