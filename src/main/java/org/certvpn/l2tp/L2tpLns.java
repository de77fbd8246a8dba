package org.certvpn.l2tp;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.common.OncePerInterval;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.AvpType;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.DataHeader;
import org.certvpn.l2tp.wire.MessageType;
import org.certvpn.l2tp.wire.ResultCode;

/**
 * The L2TP Network Server engine (RFC 2661): any number of tunnels from any number of peers, any
 * number of sessions per tunnel. Sans-IO and single-threaded: the owner calls {@link #receive}
 * with each UDP/1701 payload, the opaque key of the peer it came through and the current time,
 * calls {@link #onTimer} at {@link #nextDeadline}, and acts on the {@link L2tpListener}.
 *
 * <h2>Keying</h2>
 * The peer key is whatever identifies the path a datagram came through (the ESP SA, or the outer
 * address and port in test mode); it needs {@code equals}/{@code hashCode}. A tunnel belongs to
 * the peer key whose SCCRQ created it: our Assigned Tunnel IDs are unique per peer key only (so a
 * gateway can hold far more than 65,535 tunnels), a message naming a tunnel of another peer key is
 * dropped and counted ({@link L2tpDrop#WRONG_PEER_KEY}), and two clients behind one NAT that pick
 * the same tunnel IDs never meet. A retransmitted SCCRQ (same peer key and the peer's Assigned
 * Tunnel ID) reaches the existing tunnel, whose channel acknowledges it again.
 *
 * <h2>Data path</h2>
 * Data messages are parsed in place ({@link DataHeader}), looked up by peer key, tunnel and
 * session without allocating, and handed to {@link L2tpListener#pppFrame}.
 */
public final class L2tpLns {
    private static final System.Logger LOG = System.getLogger("org.certvpn.l2tp");

    /** The tunnels of one peer key. */
    private static final class Peer {
        final IntMap<LnsTunnel> byLocalId = new IntMap<>();
        final Map<Integer, LnsTunnel> byPeerId = new HashMap<>();
    }

    private record Scheduled(long at, Tunnel tunnel) {}

    /**
     * Bounds on what peers can make the LNS hold, so that a peer inside an authenticated SA cannot exhaust
     * memory with SCCRQs or ICRQs. Tunnels and sessions count whether established, being set up or
     * lingering after close. An SCCRQ beyond a limit is dropped unanswered (as IKE drops first messages
     * beyond its half-open limit); an ICRQ beyond it gets a CDN (result 4, no resources).
     *
     * @param tunnels tunnels of the whole engine
     * @param tunnelsPerPeer tunnels of one peer key
     * @param sessionsPerTunnel sessions of one tunnel
     */
    public record Limits(int tunnels, int tunnelsPerPeer, int sessionsPerTunnel) {
        /** Real clients hold one tunnel with one session; a reconnect may briefly hold a second. */
        public static final Limits DEFAULT = new Limits(4096, 4, 8);

        public Limits {
            if (tunnels < 1 || tunnelsPerPeer < 1 || sessionsPerTunnel < 1) {
                throw new IllegalArgumentException("L2TP limits must be at least 1");
            }
        }
    }

    /** Refusals and garbage a peer can send at will are logged once per interval, with a count. */
    static final long REFUSAL_LOG_INTERVAL_MILLIS = 10_000;

    private final L2tpSettings settings;
    private final Limits limits;
    private final OncePerInterval tunnelRefusals = new OncePerInterval(REFUSAL_LOG_INTERVAL_MILLIS);
    private final OncePerInterval malformed = new OncePerInterval(REFUSAL_LOG_INTERVAL_MILLIS);
    private final RandomGenerator random;
    private final L2tpListener listener;
    private final byte[] secret;
    private final Map<Object, Peer> peers = new HashMap<>();
    /** How many peers use each local tunnel ID: tells a wrong peer key from an unknown tunnel. */
    private final int[] tunnelIdUse = new int[0x10000];
    private final PriorityQueue<Scheduled> timers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    private final DataHeader dataHeader = new DataHeader();
    private final long[] drops = new long[L2tpDrop.values().length];
    private final Tunnel.Env env;
    private int tunnelCount;
    private boolean shuttingDown;
    /** Control messages sent again, over every tunnel so far (kept as they happen: no walk to sum them). */
    private long retransmissions;
    private long livenessProbes;
    private boolean shutdownReported;
    private int shutdownAcknowledged;
    private int shutdownTimedOut;

    public L2tpLns(L2tpSettings settings, RandomGenerator random, L2tpListener listener) {
        this(settings, random, listener, Limits.DEFAULT);
    }

    public L2tpLns(L2tpSettings settings, RandomGenerator random, L2tpListener listener, Limits limits) {
        this.settings = Objects.requireNonNull(settings);
        this.limits = Objects.requireNonNull(limits);
        this.random = Objects.requireNonNull(random);
        this.listener = Objects.requireNonNull(listener);
        this.secret = settings.secretBytes();
        this.env = new Tunnel.Env() {
            @Override
            public L2tpListener listener() {
                return L2tpLns.this.listener;
            }

            @Override
            public RandomGenerator random() {
                return L2tpLns.this.random;
            }

            @Override
            public void count(L2tpDrop reason) {
                drops[reason.ordinal()]++;
            }

            @Override
            public int maxSessionsPerTunnel() {
                return L2tpLns.this.limits.sessionsPerTunnel();
            }

            @Override
            public void retransmitted(long count) {
                retransmissions += count;
            }

            @Override
            public void closed(Tunnel t) {
                if (shuttingDown) {
                    if (t.outcome == Tunnel.Outcome.ACKNOWLEDGED) {
                        shutdownAcknowledged++;
                    } else {
                        shutdownTimedOut++;
                    }
                }
            }
        };
    }

    /**
     * Takes one UDP/1701 payload from {@code peerKey}: control messages go through the tunnel's
     * reliable channel and state machines, data messages to {@link L2tpListener#pppFrame}. Bad
     * input is dropped and counted, never thrown.
     */
    public void receive(Object peerKey, byte[] buf, int offset, int length, long now) {
        if (ControlCodec.isControl(buf, offset, length)) {
            control(peerKey, buf, offset, length, now);
        } else {
            data(peerKey, buf, offset, length, now);
        }
        maybeReportShutdown();
    }

    private void data(Object peerKey, byte[] buf, int offset, int length, long now) {
        DataHeader h = dataHeader;
        if (!h.parse(buf, offset, length)) {
            drops[L2tpDrop.MALFORMED_DATA.ordinal()]++;
            return;
        }
        Peer p = peers.get(peerKey);
        LnsTunnel t = p == null ? null : p.byLocalId.get(h.tunnelId());
        if (t == null) {
            drops[(tunnelIdUse[h.tunnelId()] > 0 ? L2tpDrop.WRONG_PEER_KEY : L2tpDrop.UNKNOWN_TUNNEL).ordinal()]++;
            return;
        }
        L2tpSession s = t.sessions.get(h.sessionId());
        if (s == null) {
            drops[L2tpDrop.UNKNOWN_SESSION.ordinal()]++;
            return;
        }
        if (!s.accept(h, now)) {
            drops[L2tpDrop.SESSION_NOT_ESTABLISHED.ordinal()]++;
            return;
        }
        listener.pppFrame(s, buf, h.payloadOffset(), h.payloadLength());
    }

    private void control(Object peerKey, byte[] buf, int offset, int length, long now) {
        ControlMessage m;
        try {
            m = ControlCodec.decode(buf, offset, length, secret);
        } catch (MalformedPacketException e) {
            drops[L2tpDrop.MALFORMED_CONTROL.ordinal()]++;
            long silenced = malformed.check(now);
            if (silenced != OncePerInterval.SILENT) {
                trace(Level.INFO, "[" + peerKey + "] drop malformed control message: " + e.getMessage()
                        + malformed.suffix(silenced));
            }
            return;
        }
        if (m.tunnelId() == 0) {
            if (m.type().equals(MessageType.SCCRQ)) {
                startControlConnection(peerKey, m, now);
            } else {
                drops[L2tpDrop.UNKNOWN_TUNNEL.ordinal()]++;
                trace(Level.DEBUG, "[" + peerKey + "] drop " + m.type() + " for tunnel 0");
            }
            return;
        }
        Peer p = peers.get(peerKey);
        LnsTunnel t = p == null ? null : p.byLocalId.get(m.tunnelId());
        if (t == null) {
            L2tpDrop why = tunnelIdUse[m.tunnelId()] > 0 ? L2tpDrop.WRONG_PEER_KEY : L2tpDrop.UNKNOWN_TUNNEL;
            drops[why.ordinal()]++;
            trace(Level.DEBUG, "[" + peerKey + "] drop " + m.type() + " for tunnel " + m.tunnelId() + ": " + why);
            return;
        }
        t.receive(m, now);
        reschedule(t);
    }

    private void startControlConnection(Object peerKey, ControlMessage m, long now) {
        int peerTunnelId = m.find(AvpType.ASSIGNED_TUNNEL_ID).map(Avp::u16).orElse(0);
        if (peerTunnelId == 0) {
            drops[L2tpDrop.MALFORMED_CONTROL.ordinal()]++;
            trace(Level.INFO, "[" + peerKey + "] drop SCCRQ without Assigned Tunnel ID: nowhere to answer");
            return;
        }
        Peer p = peers.get(peerKey);
        LnsTunnel existing = p == null ? null : p.byPeerId.get(peerTunnelId);
        if (existing != null) {
            if (existing.state != TunnelState.CLOSED && existing.state != TunnelState.CLOSING) {
                existing.receive(m, now);     // a retransmitted SCCRQ: acknowledged again, not a second tunnel
                reschedule(existing);
                return;
            }
            forget(existing);                 // the peer starts over with the ID of a closed tunnel
        }
        if (shuttingDown) {
            drops[L2tpDrop.SHUTTING_DOWN.ordinal()]++;
            return;
        }
        if (tunnelCount >= limits.tunnels() || (p != null && p.byLocalId.size() >= limits.tunnelsPerPeer())) {
            drops[L2tpDrop.TUNNEL_LIMIT.ordinal()]++;
            long silenced = tunnelRefusals.check(now);
            if (silenced != OncePerInterval.SILENT) {
                trace(Level.WARNING, "[" + peerKey + "] SCCRQ dropped: " + (tunnelCount >= limits.tunnels()
                        ? "limit of " + limits.tunnels() + " tunnels reached"
                        : "limit of " + limits.tunnelsPerPeer() + " tunnels for this peer reached")
                        + tunnelRefusals.suffix(silenced));
            }
            return;
        }
        if (p == null) {
            p = new Peer();
            peers.put(peerKey, p);
        }
        int localId = Tunnel.allocateId(random, p.byLocalId);
        if (localId < 0) {
            drops[L2tpDrop.UNEXPECTED_MESSAGE.ordinal()]++;
            trace(Level.WARNING, "[" + peerKey + "] all 65535 tunnel IDs in use, SCCRQ dropped");
            return;
        }
        LnsTunnel t = new LnsTunnel(peerKey, localId, settings, env, now);
        p.byLocalId.put(localId, t);
        p.byPeerId.put(peerTunnelId, t);
        tunnelIdUse[localId]++;
        tunnelCount++;
        t.receive(m, now);
        reschedule(t);
    }

    /** When {@link #onTimer} must run next; {@code Long.MAX_VALUE} when nothing is pending. */
    public long nextDeadline() {
        while (!timers.isEmpty()) {
            Scheduled s = timers.peek();
            if (s.tunnel.scheduledAt == s.at) {
                return s.at;
            }
            timers.poll();
        }
        return Long.MAX_VALUE;
    }

    /** Retransmits, sends HELLOs, gives up on silent peers and forgets closed tunnels, as due at {@code now}. */
    public void onTimer(long now) {
        while (!timers.isEmpty() && timers.peek().at <= now) {
            Scheduled s = timers.poll();
            Tunnel t = s.tunnel;
            if (t.scheduledAt != s.at) {
                continue;
            }
            t.scheduledAt = Long.MAX_VALUE;
            if (t.state == TunnelState.CLOSED && now >= t.lingerUntil) {
                forget((LnsTunnel) t);
                continue;
            }
            t.onTimer(now);
            reschedule(t);
        }
        maybeReportShutdown();
    }

    private void reschedule(Tunnel t) {
        long at = t.nextDeadline();
        if (at != t.scheduledAt) {
            t.scheduledAt = at;
            if (at != Long.MAX_VALUE) {
                timers.add(new Scheduled(at, t));
            }
        }
    }

    private void forget(LnsTunnel t) {
        Peer p = peers.get(t.peerKey);
        if (p == null || p.byLocalId.get(t.localId) != t) {
            return;
        }
        p.byLocalId.remove(t.localId);
        p.byPeerId.remove(t.peerId, t);
        tunnelIdUse[t.localId]--;
        tunnelCount--;
        t.scheduledAt = Long.MAX_VALUE;
        if (p.byLocalId.size() == 0) {
            peers.remove(t.peerKey);
        }
        trace(Level.DEBUG, t.label() + " forgotten");
    }

    /** The session for a data message's IDs, or null; allocates nothing. */
    public L2tpSession findSession(Object peerKey, int localTunnelId, int localSessionId) {
        Peer p = peers.get(peerKey);
        LnsTunnel t = p == null ? null : p.byLocalId.get(localTunnelId);
        return t == null ? null : t.sessions.get(localSessionId);
    }

    /**
     * Checks now, not after the HELLO interval, that the peer of an established tunnel is still there:
     * a HELLO goes out through the tunnel's reliable delivery (RFC 2661 §6.5), or, when a message of
     * ours already waits for its acknowledgement, that message is the probe. A live peer acknowledges
     * it and nothing changes; a silent one is torn down when the retransmission budget runs out, as for
     * any unanswered HELLO ({@link L2tpListener#tunnelDown} with "peer unreachable: ..."). The owner
     * calls this when something suggests the peer may be gone, e.g. a newer tunnel of the same
     * identity came up.
     *
     * @param reason why, for the trace line
     * @return false when no established tunnel has this ID for this peer key (nothing was done)
     */
    public boolean probe(Object peerKey, int localTunnelId, String reason, long now) {
        Tunnel t = tunnelOf(peerKey, localTunnelId);
        if (t == null || !t.probe(reason, now)) {
            return false;
        }
        livenessProbes++;
        reschedule(t);
        return true;
    }

    /** Liveness probes started by {@link #probe} since start. */
    public long livenessProbes() {
        return livenessProbes;
    }

    /** Disconnects one session with CDN, result 3 (administrative), e.g. when its PPP ended. */
    public void closeSession(L2tpSession session, String reason, long now) {
        Tunnel t = tunnelOf(session.peerKey(), session.localTunnelId());
        if (t == null || t.sessions.get(session.localSessionId()) != session) {
            return;
        }
        t.closeSession(session, ResultCode.of(ResultCode.CDN_ADMINISTRATIVE, ResultCode.ERROR_NONE, reason), reason, now);
        reschedule(t);
    }

    /** Closes one tunnel with StopCCN, result 1 (general request to clear the control connection). */
    public void closeTunnel(Object peerKey, int localTunnelId, String reason, long now) {
        Tunnel t = tunnelOf(peerKey, localTunnelId);
        if (t == null) {
            return;
        }
        t.close(ResultCode.of(ResultCode.STOPCCN_GENERAL_REQUEST, ResultCode.ERROR_NONE, reason), reason, now);
        reschedule(t);
        maybeReportShutdown();
    }

    /**
     * Closes everything: CDN (result 3, administrative) for each session, then StopCCN (result 6,
     * being shut down) for each tunnel, sent as each peer's window allows. New SCCRQs are dropped.
     * {@link L2tpListener#shutdownComplete} reports when every StopCCN was acknowledged or its
     * retransmissions ran out.
     */
    public void shutdown(long now) {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        trace(Level.INFO, "shutting down " + tunnelCount + " tunnels");
        for (LnsTunnel t : allTunnels()) {
            if (t.state == TunnelState.CLOSED) {
                continue;
            }
            for (L2tpSession s : t.sessions.values()) {
                t.closeSession(s, ResultCode.of(ResultCode.CDN_ADMINISTRATIVE, ResultCode.ERROR_NONE, "gateway shutting down"),
                        "gateway shutting down", now);
            }
            t.close(ResultCode.of(ResultCode.STOPCCN_SHUTTING_DOWN, ResultCode.ERROR_NONE, "gateway shutting down"),
                    "gateway shutting down", now);
            reschedule(t);
        }
        maybeReportShutdown();
    }

    /** True once {@link #shutdown} was called and every tunnel has closed. */
    public boolean isShutdownComplete() {
        return shuttingDown && allTunnels().stream().allMatch(t -> t.state == TunnelState.CLOSED);
    }

    private void maybeReportShutdown() {
        if (shuttingDown && !shutdownReported && isShutdownComplete()) {
            shutdownReported = true;
            trace(Level.INFO, "shutdown complete: " + shutdownAcknowledged + " acknowledged, " + shutdownTimedOut + " timed out");
            listener.shutdownComplete(shutdownAcknowledged, shutdownTimedOut);
        }
    }

    private List<LnsTunnel> allTunnels() {
        List<LnsTunnel> all = new ArrayList<>(tunnelCount);
        for (Peer p : peers.values()) {
            all.addAll(p.byLocalId.values());
        }
        return all;
    }

    private Tunnel tunnelOf(Object peerKey, int localTunnelId) {
        Peer p = peers.get(peerKey);
        return p == null ? null : p.byLocalId.get(localTunnelId);
    }

    /** Tunnels held, including closed ones still acknowledging late duplicates. */
    public int tunnelCount() {
        return tunnelCount;
    }

    /** Sessions in all tunnels, in any state but closed. */
    public int sessionCount() {
        int n = 0;
        for (Peer p : peers.values()) {
            for (LnsTunnel t : p.byLocalId.values()) {
                n += t.sessions.size();
            }
        }
        return n;
    }

    /** State of a tunnel, or null when the engine does not (or no longer) hold it. */
    public TunnelState tunnelState(Object peerKey, int localTunnelId) {
        Tunnel t = tunnelOf(peerKey, localTunnelId);
        return t == null ? null : t.state;
    }

    /** Control messages sent again for want of an acknowledgement, over every tunnel so far. */
    public long retransmissions() {
        return retransmissions;
    }

    /** Datagrams dropped for this reason since start. */
    public long dropped(L2tpDrop reason) {
        return drops[reason.ordinal()];
    }

    public L2tpSettings settings() {
        return settings;
    }

    private static void trace(Level level, String line) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, line);
        }
    }
}
