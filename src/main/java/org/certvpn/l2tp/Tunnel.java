package org.certvpn.l2tp;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import org.certvpn.common.OncePerInterval;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.AvpType;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageRules;
import org.certvpn.l2tp.wire.MessageType;
import org.certvpn.l2tp.wire.ResultCode;

/**
 * A control connection and its sessions: what LNS and LAC tunnels share. The role-specific
 * handshakes live in {@link LnsTunnel} and {@link LacTunnel}; reliability lives in
 * {@link ReliableChannel}.
 *
 * <p>Flow: {@link #receive} hands a decoded message to the channel, which returns the messages
 * deliverable in order; {@code dispatch} applies the rules every message shares (unknown message
 * types and unknown mandatory AVPs per RFC 2661 §4.1, required AVPs per §6, StopCCN, HELLO, CDN,
 * WEN, SLI) and passes the rest to the role; {@link #settle} then flushes the channel (answers and
 * acknowledgements) and notices when the channel gave up.
 */
abstract class Tunnel {
    static final System.Logger LOG = System.getLogger("org.certvpn.l2tp");
    private static final int RANDOM_VECTOR_LENGTH = 16;

    /** What a tunnel needs from its engine. */
    interface Env {
        L2tpListener listener();

        RandomGenerator random();

        void count(L2tpDrop reason);

        /** The tunnel reached CLOSED (for shutdown accounting). */
        void closed(Tunnel t);

        /** Sessions one tunnel may hold, established or being set up. */
        default int maxSessionsPerTunnel() {
            return Integer.MAX_VALUE;
        }

        /** The tunnel's channel sent {@code count} control messages again (for the engine's running total). */
        default void retransmitted(long count) {}
    }

    /** Lines a peer can provoke at will (unexpected messages, WEN, SLI, refused calls): traced once per interval. */
    static final long PEER_PROVOKED_LOG_INTERVAL_MILLIS = 10_000;
    private final OncePerInterval peerProvoked = new OncePerInterval(PEER_PROVOKED_LOG_INTERVAL_MILLIS);
    private long lastReceivedAt;

    /** How a closing tunnel ended, for the shutdown report. */
    enum Outcome { ACKNOWLEDGED, TIMED_OUT }

    final Object peerKey;
    final int localId;
    final L2tpSettings settings;
    final Env env;
    final byte[] secret;
    final ReliableChannel channel;
    final IntMap<L2tpSession> sessions = new IntMap<>();
    private final String label;

    TunnelState state = TunnelState.IDLE;
    int peerId;
    String peerHostName = "";
    String peerVendorName = "";
    long peerFraming;
    long peerBearer;
    int peerFirmware;
    boolean authenticated;
    private boolean reportedUp;
    long lingerUntil = Long.MAX_VALUE;
    /** Until ESTABLISHED: when the setup is given up. */
    private long setupDeadline;
    Outcome outcome;
    /** Engine bookkeeping: the deadline this tunnel is queued under. */
    long scheduledAt = Long.MAX_VALUE;

    /**
     * @param role "LNS" or "LAC", for traces
     */
    Tunnel(String role, Object peerKey, int localId, L2tpSettings settings, Env env, long now) {
        this.peerKey = peerKey;
        this.localId = localId;
        this.settings = settings;
        this.env = env;
        this.secret = settings.secretBytes();
        this.label = role + " [" + peerKey + " tunnel " + localId + "]";
        this.channel = new ReliableChannel(settings, label, d -> env.listener().sendControl(peerKey, d), now);
        this.setupDeadline = now + settings.setupTimeout().toMillis();
    }

    /** Handles a message the role does not share (SCCRQ, SCCRP, SCCCN, ICRQ, ICRP, ICCN, OCRQ, ...). */
    abstract void handle(ControlMessage m, long now);

    /**
     * Moves to {@code to}, logging why; the one place tunnel states change. Logged at DEBUG: the host's
     * trace says "tunnel up" and "tunnel down" with the reason, and failures on the way are logged where
     * they happen.
     */
    final void transition(TunnelState to, String why) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, label + " " + state + " -> " + to + ", " + why);
        }
        state = to;
    }

    final void receive(ControlMessage m, long now) {
        lastReceivedAt = now;
        for (ControlMessage d : channel.receive(m, now)) {
            dispatch(d, now);
        }
        settle(now);
    }

    /** After any activity: send what is queued and acknowledge; react to a channel that gave up. */
    final void settle(long now) {
        channel.flush(now);
        String failure = channel.failure();
        if (failure != null && state != TunnelState.CLOSED) {
            unreachable(failure, now);
        }
    }

    final void onTimer(long now) {
        if (state == TunnelState.CLOSED) {
            return;
        }
        if (settingUp() && now >= setupDeadline) {
            String why = "control connection not established within " + settings.setupTimeout().toSeconds() + " s";
            close(ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_NONE, why), why, now);
            return;
        }
        for (L2tpSession s : sessions.values()) {
            if (!s.isEstablished() && now >= s.setupDeadline()) {
                String why = "session not established within " + settings.setupTimeout().toSeconds() + " s";
                closeSession(s, ResultCode.of(ResultCode.CDN_TIMEOUT, ResultCode.ERROR_NONE, why), why, now);
            }
        }
        if (channel.helloDue(now)) {
            channel.noteHeard(Math.min(now, dataHeardOutsideTheEngine()));
        }
        long retransmittedBefore = channel.retransmissions();
        channel.onTimer(now);
        long retransmitted = channel.retransmissions() - retransmittedBefore;
        if (retransmitted > 0) {
            env.retransmitted(retransmitted);
        }
        settle(now);
    }

    /** The newest time data of an established session arrived without passing through this engine. */
    private long dataHeardOutsideTheEngine() {
        long latest = Long.MIN_VALUE;
        for (L2tpSession s : sessions.values()) {
            if (s.isEstablished()) {
                latest = Math.max(latest, env.listener().dataReceivedAt(s));
            }
        }
        return latest;
    }

    /**
     * A liveness probe (see {@link L2tpLns#probe}): only an established tunnel is probed, a closing one
     * has its StopCCN outstanding already.
     *
     * @return false when the tunnel is not established
     */
    final boolean probe(String reason, long now) {
        if (state != TunnelState.ESTABLISHED) {
            return false;
        }
        boolean hello = channel.probe(now);
        // DEBUG: one new tunnel may probe several; the owner logs one line for them all.
        trace(Level.DEBUG, "liveness probe: " + reason + (hello ? ", HELLO sent"
                : ", the message awaiting acknowledgement is the probe"));
        settle(now);
        return true;
    }

    /** When {@link #onTimer} (or, once closed, forgetting the tunnel) is due. */
    final long nextDeadline() {
        if (state == TunnelState.CLOSED) {
            return lingerUntil;
        }
        long next = channel.nextDeadline();
        if (settingUp()) {
            next = Math.min(next, setupDeadline);
        }
        if (state != TunnelState.CLOSING) {
            for (L2tpSession s : sessions.values()) {
                if (!s.isEstablished()) {
                    next = Math.min(next, s.setupDeadline());
                }
            }
        }
        return next;
    }

    private boolean settingUp() {
        return state == TunnelState.IDLE || state == TunnelState.WAIT_CTL_REPLY || state == TunnelState.WAIT_CTL_CONN;
    }

    /** The deadline for a session created now. */
    final long sessionSetupDeadline(long now) {
        return now + settings.setupTimeout().toMillis();
    }

    private void dispatch(ControlMessage m, long now) {
        trace(Level.DEBUG, "recv " + m.type() + " Ns=" + m.ns() + " Nr=" + m.nr() + " session " + m.sessionId());
        MessageType t = m.type();
        if (state == TunnelState.CLOSED) {
            return;
        }
        if (state == TunnelState.CLOSING) {
            if (t.equals(MessageType.STOPCCN)) {
                // Both ends closed at once: the peer's StopCCN ends it as well as an acknowledgement would.
                closed(now, Outcome.ACKNOWLEDGED, "peer's StopCCN crossed ours");
            }
            return;
        }
        if (!t.isKnown()) {
            if (m.messageTypeMandatory()) {
                String why = "unknown message type " + t.code() + " with the M bit (RFC 2661 §4.4.1)";
                close(ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_UNKNOWN_MANDATORY_AVP, why), why, now);
            } else {
                trace(Level.DEBUG, "ignore unknown message type " + t.code());
            }
            return;
        }
        if (peerId == 0 && (t.equals(MessageType.SCCRQ) || t.equals(MessageType.SCCRP))) {
            notePeer(m);    // so that even a refused SCCRQ/SCCRP can be answered with StopCCN
        }
        MessageRules.Rule rule = MessageRules.rule(t);
        Optional<Avp> unknown = m.unrecognizedMandatory();
        if (unknown.isPresent()) {
            String why = "unknown AVP " + unknown.get().type() + " with the M bit in " + t + " (RFC 2661 §4.1)";
            if (rule.scope() == MessageRules.Scope.SESSION) {
                rejectSessionMessage(m, ResultCode.of(ResultCode.CDN_GENERAL_ERROR, ResultCode.ERROR_UNKNOWN_MANDATORY_AVP, why), why, now);
            } else {
                close(ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_UNKNOWN_MANDATORY_AVP, why), why, now);
            }
            return;
        }
        Optional<AvpType> missing = MessageRules.firstMissing(m);
        if (missing.isPresent()) {
            String why = t + " without " + missing.get() + " (RFC 2661 §" + rule.section() + ")";
            if (rule.scope() == MessageRules.Scope.SESSION) {
                rejectSessionMessage(m, ResultCode.of(ResultCode.CDN_GENERAL_ERROR, ResultCode.ERROR_VENDOR, why), why, now);
            } else {
                close(ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_VENDOR, why), why, now);
            }
            return;
        }
        if (t.equals(MessageType.STOPCCN)) {
            peerStopped(m, now);
        } else if (t.equals(MessageType.HELLO)) {
            trace(Level.DEBUG, "HELLO answered by the acknowledgement");
        } else if (t.equals(MessageType.CDN)) {
            peerDisconnected(m);
        } else if (t.equals(MessageType.WEN)) {
            wanError(m);
        } else if (t.equals(MessageType.SLI)) {
            setLinkInfo(m);
        } else {
            handle(m, now);
        }
    }

    /** A session-scoped message we cannot accept: clear its session (or refuse the call it asks for). */
    private void rejectSessionMessage(ControlMessage m, ResultCode rc, String why, long now) {
        if (m.type().equals(MessageType.ICRQ) || m.type().equals(MessageType.OCRQ)) {
            int peerSession = m.find(AvpType.ASSIGNED_SESSION_ID).map(Avp::u16).orElse(0);
            if (peerSession != 0) {
                refuseCall(peerSession, rc, why);
            } else {
                unexpected(m, why + "; no Assigned Session ID to address a CDN to");
            }
            return;
        }
        L2tpSession s = sessions.get(m.sessionId());
        if (s == null) {
            unexpected(m, why + "; no session " + m.sessionId());
            return;
        }
        closeSession(s, rc, why, now);
    }

    /** Answers a call request with a CDN without creating a session (our Assigned Session ID is 0). */
    final void refuseCall(int peerSession, ResultCode rc, String why) {
        trace(Level.INFO, "refuse call from peer session " + peerSession + ": " + why);
        sendMessage(MessageType.CDN, peerSession,
                List.of(rc.toAvp(), Avp.u16(AvpType.ASSIGNED_SESSION_ID, 0)), null);
    }

    /** Like {@link #refuseCall}, for refusals a peer can repeat at will: traced once per interval. */
    final void refuseCallQuietly(int peerSession, ResultCode rc, String why) {
        tracePeerProvoked("refuse call from peer session " + peerSession + ": " + why);
        sendMessage(MessageType.CDN, peerSession,
                List.of(rc.toAvp(), Avp.u16(AvpType.ASSIGNED_SESSION_ID, 0)), null);
    }

    private void peerStopped(ControlMessage m, long now) {
        ResultCode rc = ResultCode.from(m.find(AvpType.RESULT_CODE).orElseThrow());
        String why = "peer sent StopCCN: " + rc.describe(MessageType.STOPCCN);
        teardown(why);
        closed(now, Outcome.ACKNOWLEDGED, why);
    }

    private void peerDisconnected(ControlMessage m) {
        L2tpSession s = sessions.get(m.sessionId());
        if (s == null) {
            unexpected(m, "CDN for unknown session " + m.sessionId());
            return;
        }
        ResultCode rc = ResultCode.from(m.find(AvpType.RESULT_CODE).orElseThrow());
        ended(s, "peer sent CDN: " + rc.describe(MessageType.CDN));
    }

    private void wanError(ControlMessage m) {
        tracePeerProvoked("WEN for session " + m.sessionId() + " noted (call errors are not acted on)");
    }

    private void setLinkInfo(ControlMessage m) {
        L2tpSession s = sessions.get(m.sessionId());
        if (s == null) {
            unexpected(m, "SLI for unknown session " + m.sessionId());
            return;
        }
        byte[] v = m.find(AvpType.ACCM).orElseThrow().value();
        long send = (v[2] & 0xFFL) << 24 | (v[3] & 0xFF) << 16 | (v[4] & 0xFF) << 8 | v[5] & 0xFF;
        long receive = (v[6] & 0xFFL) << 24 | (v[7] & 0xFF) << 16 | (v[8] & 0xFF) << 8 | v[9] & 0xFF;
        s.accm(send, receive);
        tracePeerProvoked("SLI for session " + s.localSessionId() + ": send ACCM " + Long.toHexString(send)
                + ", receive ACCM " + Long.toHexString(receive));
    }

    final void unexpected(ControlMessage m, String why) {
        env.count(L2tpDrop.UNEXPECTED_MESSAGE);
        tracePeerProvoked("ignore " + m.type() + " in " + state + ": " + why);
    }

    /**
     * Clears a session on our initiative: CDN to the peer (if it already told us its session ID),
     * session down to the owner.
     */
    final void closeSession(L2tpSession s, ResultCode rc, String why, long now) {
        if (s.state() == SessionState.CLOSED) {
            return;
        }
        if (s.peerSessionId() != 0 && state != TunnelState.CLOSING) {
            sendMessage(MessageType.CDN, s.peerSessionId(),
                    List.of(rc.toAvp(), Avp.u16(AvpType.ASSIGNED_SESSION_ID, s.localSessionId())), null);
        }
        ended(s, why);
        settle(now);
    }

    /** The session is over: forget it and tell the owner if it had been up. */
    final void ended(L2tpSession s, String why) {
        boolean wasUp = s.isEstablished();
        sessions.remove(s.localSessionId());
        s.transition(SessionState.CLOSED, why);
        if (wasUp) {
            env.listener().sessionDown(s, why);
        }
    }

    /**
     * Closes the tunnel on our initiative: sessions down, StopCCN (RFC 2661 §5.7), then CLOSED
     * when it is acknowledged or the channel gives up.
     */
    final void close(ResultCode rc, String why, long now) {
        if (state == TunnelState.CLOSING || state == TunnelState.CLOSED) {
            return;
        }
        teardown(why);
        channel.stopHello();
        if (peerId == 0) {
            closed(now, Outcome.TIMED_OUT, why + "; the peer's tunnel ID is unknown, no StopCCN possible");
            return;
        }
        sendMessage(MessageType.STOPCCN, 0, List.of(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, localId), rc.toAvp()),
                t -> closed(t, Outcome.ACKNOWLEDGED, "StopCCN acknowledged"));
        transition(TunnelState.CLOSING, why + "; StopCCN " + rc.describe(MessageType.STOPCCN));
        settle(now);
    }

    /** Sessions down, then tunnel down, each reported once. */
    final void teardown(String why) {
        for (L2tpSession s : sessions.values()) {
            ended(s, why);
        }
        if (reportedUp) {
            reportedUp = false;
            env.listener().tunnelDown(info(), why);
        }
    }

    final void reportUp() {
        reportedUp = true;
        env.listener().tunnelUp(info());
    }

    /** CLOSED; kept for the full retransmission interval so late duplicates are still acknowledged (§5.7). */
    final void closed(long now, Outcome how, String why) {
        if (state == TunnelState.CLOSED) {
            return;
        }
        outcome = how;
        channel.discardUnsent();
        lingerUntil = now + settings.giveUpAfter().toMillis();
        transition(TunnelState.CLOSED, why);
        env.closed(this);
    }

    /** The channel gave up: the peer is gone, nothing to linger for. */
    private void unreachable(String failure, long now) {
        String why = "peer unreachable: " + failure;
        teardown(why);
        outcome = Outcome.TIMED_OUT;
        lingerUntil = now;
        transition(TunnelState.CLOSED, why);
        env.closed(this);
    }

    /**
     * Queues a message to the peer; with {@code hide avps} the AVPs RFC 2661 allows to be hidden
     * are hidden behind a fresh Random Vector (§4.3).
     */
    final void sendMessage(MessageType type, int peerSessionId, List<Avp> body, LongConsumer onAcknowledged) {
        List<Avp> avps = body;
        if (settings.hideAvps() && secret != null) {
            avps = new ArrayList<>(body.size() + 1);
            byte[] rv = new byte[RANDOM_VECTOR_LENGTH];
            env.random().nextBytes(rv);
            avps.add(Avp.of(AvpType.RANDOM_VECTOR, rv));
            for (Avp a : body) {
                AvpType.Definition d = a.type().definition();
                avps.add(d != null && d.mayBeHidden() ? a.asHidden() : a);
            }
        }
        channel.send(ControlMessage.of(type, channel.peerTunnelId(), peerSessionId, avps), onAcknowledged);
    }

    /** A random session ID unused in this tunnel, or -1 when all 65535 are taken. */
    final int allocateSessionId() {
        return allocateId(env.random(), sessions);
    }

    static int allocateId(RandomGenerator random, IntMap<?> taken) {
        if (taken.size() >= 0xFFFF) {
            return -1;
        }
        for (int i = 0; i < 32; i++) {
            int id = 1 + random.nextInt(0xFFFF);
            if (!taken.containsKey(id)) {
                return id;
            }
        }
        int start = 1 + random.nextInt(0xFFFF);
        for (int i = 0; i < 0xFFFF; i++) {
            int id = 1 + (start - 1 + i) % 0xFFFF;
            if (!taken.containsKey(id)) {
                return id;
            }
        }
        return -1;
    }

    /** Peer AVPs both roles record from SCCRQ/SCCRP. */
    final void notePeer(ControlMessage m) {
        peerId = m.find(AvpType.ASSIGNED_TUNNEL_ID).map(Avp::u16).orElse(0);
        channel.setPeerTunnelId(peerId);
        channel.setPeerWindow(m.find(AvpType.RECEIVE_WINDOW_SIZE).map(Avp::u16).orElse(L2tpSettings.XL2TPD_RECEIVE_WINDOW));
        peerHostName = m.find(AvpType.HOST_NAME).map(Avp::string).orElse("");
        peerVendorName = m.find(AvpType.VENDOR_NAME).map(Avp::string).orElse("");
        peerFraming = m.find(AvpType.FRAMING_CAPABILITIES).map(Avp::u32).orElse(0L);
        peerBearer = m.find(AvpType.BEARER_CAPABILITIES).map(Avp::u32).orElse(0L);
        peerFirmware = m.find(AvpType.FIRMWARE_REVISION).map(Avp::u16).orElse(0);
    }

    final void noteDataReceived(long now) {
        channel.noteHeard(now);
    }

    final TunnelInfo info() {
        return new TunnelInfo(peerKey, localId, peerId, peerHostName, peerVendorName, peerFraming, peerBearer,
                peerFirmware, channel.peerWindow(), authenticated);
    }

    final Object peerKey() {
        return peerKey;
    }

    final int localTunnelId() {
        return localId;
    }

    final int peerTunnelId() {
        return peerId;
    }

    final L2tpSettings settings() {
        return settings;
    }

    final String label() {
        return label;
    }

    /** An INFO line the peer can cause as often as it likes: at most one per interval, with a count. */
    final void tracePeerProvoked(String line) {
        long silenced = peerProvoked.check(lastReceivedAt);
        if (silenced != OncePerInterval.SILENT) {
            trace(Level.INFO, line + peerProvoked.suffix(silenced));
        }
    }

    final void trace(Level level, String line) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, label + " " + line);
        }
    }

    /** Printable host name: peers send arbitrary octets. */
    static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
