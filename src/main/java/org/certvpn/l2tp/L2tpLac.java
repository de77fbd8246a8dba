package org.certvpn.l2tp;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.l2tp.wire.ControlCodec;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.DataHeader;
import org.certvpn.l2tp.wire.ResultCode;

/**
 * An L2TP Access Concentrator (client) with one tunnel to one LNS and any number of sessions,
 * behaving like Android's mtpd with {@link L2tpSettings#androidLac()}. Used for in-memory tests
 * against {@link L2tpLns} and by the load generator. Sans-IO like the LNS.
 */
public final class L2tpLac {
    private static final System.Logger LOG = System.getLogger("org.certvpn.l2tp");

    private final L2tpListener listener;
    private final byte[] secret;
    private final LacTunnel tunnel;
    private final DataHeader dataHeader = new DataHeader();
    private final long[] drops = new long[L2tpDrop.values().length];
    /** Closed and past the interval in which late duplicates are still acknowledged. */
    private boolean forgotten;

    /**
     * @param serverKey the key handed back in {@link L2tpListener#sendControl} for every datagram
     * @param now       creation time
     */
    public L2tpLac(L2tpSettings settings, RandomGenerator random, Object serverKey, L2tpListener listener, long now) {
        this.listener = Objects.requireNonNull(listener);
        this.secret = settings.secretBytes();
        Tunnel.Env env = new Tunnel.Env() {
            @Override
            public L2tpListener listener() {
                return L2tpLac.this.listener;
            }

            @Override
            public RandomGenerator random() {
                return random;
            }

            @Override
            public void count(L2tpDrop reason) {
                drops[reason.ordinal()]++;
            }

            @Override
            public void closed(Tunnel t) {
            }
        };
        int localId = 1 + random.nextInt(0xFFFF);
        this.tunnel = new LacTunnel(serverKey, localId, settings, env, now);
    }

    /** Sends SCCRQ. */
    public void start(long now) {
        tunnel.start(now);
    }

    /** Starts a call; ICRQ goes out once the tunnel is established. */
    public L2tpSession openSession(long now) {
        return tunnel.openSession(now);
    }

    /** Disconnects a session with CDN, result 3 (administrative). */
    public void closeSession(L2tpSession s, String reason, long now) {
        tunnel.closeSession(s, ResultCode.of(ResultCode.CDN_ADMINISTRATIVE, ResultCode.ERROR_NONE, reason), reason, now);
    }

    /** Closes the tunnel with StopCCN, result 6 (requester is being shut down), as mtpd does. */
    public void close(String reason, long now) {
        tunnel.close(ResultCode.of(ResultCode.STOPCCN_SHUTTING_DOWN), reason, now);
    }

    /**
     * Takes one datagram from the LNS. Messages for another tunnel ID (other LACs sharing the
     * same socket) are ignored and counted as {@link L2tpDrop#UNKNOWN_TUNNEL}.
     */
    public void receive(byte[] buf, int offset, int length, long now) {
        if (ControlCodec.isControl(buf, offset, length)) {
            ControlMessage m;
            try {
                m = ControlCodec.decode(buf, offset, length, secret);
            } catch (MalformedPacketException e) {
                drops[L2tpDrop.MALFORMED_CONTROL.ordinal()]++;
                LOG.log(Level.INFO, tunnel.label() + " drop malformed control message: " + e.getMessage());
                return;
            }
            if (m.tunnelId() != tunnel.localId) {
                drops[L2tpDrop.UNKNOWN_TUNNEL.ordinal()]++;
                return;
            }
            tunnel.receive(m, now);
            return;
        }
        DataHeader h = dataHeader;
        if (!h.parse(buf, offset, length)) {
            drops[L2tpDrop.MALFORMED_DATA.ordinal()]++;
            return;
        }
        if (h.tunnelId() != tunnel.localId) {
            drops[L2tpDrop.UNKNOWN_TUNNEL.ordinal()]++;
            return;
        }
        L2tpSession s = tunnel.sessions.get(h.sessionId());
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

    /** When {@link #onTimer} must run next; {@code Long.MAX_VALUE} when nothing is pending. */
    public long nextDeadline() {
        return forgotten ? Long.MAX_VALUE : tunnel.nextDeadline();
    }

    public void onTimer(long now) {
        if (tunnel.state == TunnelState.CLOSED) {
            forgotten |= now >= tunnel.lingerUntil;
            return;
        }
        tunnel.onTimer(now);
    }

    public TunnelState state() {
        return tunnel.state;
    }

    public TunnelInfo info() {
        return tunnel.info();
    }

    public int localTunnelId() {
        return tunnel.localId;
    }

    /** The session with this local ID, or null. */
    public L2tpSession session(int localSessionId) {
        return tunnel.sessions.get(localSessionId);
    }

    public long dropped(L2tpDrop reason) {
        return drops[reason.ordinal()];
    }
}
