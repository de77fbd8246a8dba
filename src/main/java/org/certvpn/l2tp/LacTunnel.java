package org.certvpn.l2tp;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certvpn.l2tp.wire.Avp;
import org.certvpn.l2tp.wire.AvpType;
import org.certvpn.l2tp.wire.ControlMessage;
import org.certvpn.l2tp.wire.MessageType;
import org.certvpn.l2tp.wire.ResultCode;
import org.certvpn.l2tp.wire.TunnelAuthentication;

/**
 * The LAC side of a tunnel, shaped after Android's mtpd (RFC 2661 §7.2.1, §7.4.1): SCCRQ, SCCRP
 * answered with SCCCN, established once SCCCN is acknowledged; each session sends ICRQ, answers
 * ICRP with ICCN and is up as soon as ICCN is sent (as mtpd starts pppd then). Calls the LNS offers (ICRQ, OCRQ) are
 * refused with CDN, as mtpd does.
 */
final class LacTunnel extends Tunnel {
    private static final int PROTOCOL_VERSION_1_0 = 0x0100;
    private static final long FRAMING_SYNC_ASYNC = 3;
    private static final long CONNECT_SPEED = 100_000_000;
    private static final int CHALLENGE_LENGTH = 32;

    private byte[] ourChallenge;
    private final List<L2tpSession> waitingForTunnel = new ArrayList<>();

    LacTunnel(Object peerKey, int localId, L2tpSettings settings, Env env, long now) {
        super("LAC", peerKey, localId, settings, env, now);
    }

    void start(long now) {
        List<Avp> body = new ArrayList<>();
        body.add(Avp.u16(AvpType.PROTOCOL_VERSION, PROTOCOL_VERSION_1_0));
        body.add(Avp.string(AvpType.HOST_NAME, settings.hostName()));
        body.add(Avp.u32(AvpType.FRAMING_CAPABILITIES, FRAMING_SYNC_ASYNC));
        body.add(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, localId));
        body.add(Avp.u16(AvpType.RECEIVE_WINDOW_SIZE, settings.receiveWindow()));
        if (!settings.vendorName().isEmpty()) {
            body.add(Avp.string(AvpType.VENDOR_NAME, settings.vendorName()));
        }
        if (settings.challengePeer()) {
            ourChallenge = new byte[CHALLENGE_LENGTH];
            env.random().nextBytes(ourChallenge);
            body.add(Avp.of(AvpType.CHALLENGE, ourChallenge));
        }
        sendMessage(MessageType.SCCRQ, 0, body, null);
        transition(TunnelState.WAIT_CTL_REPLY, "SCCRQ sent");
        settle(now);
    }

    /** A new call: ICRQ now if the tunnel is up, else as soon as it is. */
    L2tpSession openSession(long now) {
        int local = allocateSessionId();
        if (local < 0) {
            throw new IllegalStateException("all session IDs in use");
        }
        L2tpSession s = new L2tpSession(this, local, SessionState.WAIT_REPLY, sessionSetupDeadline(now));
        sessions.put(local, s);
        if (state == TunnelState.ESTABLISHED) {
            requestCall(s);
            settle(now);
        } else {
            waitingForTunnel.add(s);
        }
        return s;
    }

    private void requestCall(L2tpSession s) {
        long serial = env.random().nextLong(1L << 32);
        s.callSerialNumber(serial);
        sendMessage(MessageType.ICRQ, 0, List.of(Avp.u16(AvpType.ASSIGNED_SESSION_ID, s.localSessionId()),
                Avp.u32(AvpType.CALL_SERIAL_NUMBER, serial)), null);
        trace(Level.INFO, "session " + s.localSessionId() + ": ICRQ sent (call serial " + serial + ")");
    }

    @Override
    void handle(ControlMessage m, long now) {
        MessageType t = m.type();
        if (t.equals(MessageType.SCCRP) && state == TunnelState.WAIT_CTL_REPLY) {
            controlReply(m, now);
        } else if (t.equals(MessageType.ICRP)) {
            callReply(m, now);
        } else if (t.equals(MessageType.ICRQ) || t.equals(MessageType.OCRQ)) {
            refuseCall(m.find(AvpType.ASSIGNED_SESSION_ID).orElseThrow().u16(),
                    ResultCode.of(ResultCode.CDN_GENERAL_ERROR, ResultCode.ERROR_VENDOR, "LAC accepts no calls"),
                    t + " to a LAC");
        } else {
            unexpected(m, "not part of the LAC role in this state");
        }
    }

    private void controlReply(ControlMessage m, long now) {
        notePeer(m);
        if (peerId == 0) {
            close(ResultCode.of(ResultCode.STOPCCN_GENERAL_ERROR, ResultCode.ERROR_FIELD_VALUE, "Assigned Tunnel ID 0"),
                    "SCCRP with Assigned Tunnel ID 0", now);
            return;
        }
        if (ourChallenge != null) {
            Optional<Avp> response = m.find(AvpType.CHALLENGE_RESPONSE);
            if (response.isEmpty()
                    || !TunnelAuthentication.verify(MessageType.SCCRP, secret, ourChallenge, response.get().value())) {
                String why = response.isEmpty() ? "SCCRP without Challenge Response" : "wrong Challenge Response in SCCRP";
                close(ResultCode.of(ResultCode.STOPCCN_NOT_AUTHORIZED, ResultCode.ERROR_VENDOR, why), why, now);
                return;
            }
            authenticated = true;
        }
        List<Avp> body = new ArrayList<>();
        Optional<Avp> challenge = m.find(AvpType.CHALLENGE);
        if (challenge.isPresent() && secret != null) {
            body.add(Avp.of(AvpType.CHALLENGE_RESPONSE,
                    TunnelAuthentication.response(MessageType.SCCCN, secret, challenge.get().value())));
        }
        sendMessage(MessageType.SCCCN, 0, body, this::established);
        transition(TunnelState.WAIT_CTL_CONN, "SCCRP from '" + printable(peerHostName) + "' (peer tunnel " + peerId
                + "), SCCCN sent");
    }

    private void established(long now) {
        if (state != TunnelState.WAIT_CTL_CONN) {
            return;
        }
        transition(TunnelState.ESTABLISHED, "SCCCN acknowledged");
        channel.enableHello(now);
        reportUp();
        for (L2tpSession s : waitingForTunnel) {
            if (s.state() == SessionState.WAIT_REPLY) {
                requestCall(s);
            }
        }
        waitingForTunnel.clear();
    }

    private void callReply(ControlMessage m, long now) {
        L2tpSession s = sessions.get(m.sessionId());
        if (s == null || s.state() != SessionState.WAIT_REPLY) {
            unexpected(m, "ICRP for session " + m.sessionId() + (s == null ? " which does not exist" : " in " + s.state()));
            return;
        }
        int peerSession = m.find(AvpType.ASSIGNED_SESSION_ID).orElseThrow().u16();
        if (peerSession == 0) {
            unexpected(m, "ICRP with Assigned Session ID 0");
            return;
        }
        s.peerSessionId(peerSession);
        sendMessage(MessageType.ICCN, peerSession, List.of(Avp.u32(AvpType.TX_CONNECT_SPEED, CONNECT_SPEED),
                Avp.u32(AvpType.FRAMING_TYPE, FRAMING_SYNC_ASYNC)), t -> { });
        s.transition(SessionState.WAIT_CONNECT, "ICRP received, ICCN sent");
        // Like mtpd, start PPP as soon as ICCN is on the wire: the LNS starts PPP on receiving ICCN, and its
        // first LCP frame may arrive before the ZLB that acknowledges the ICCN. Flush first so that our own
        // first LCP frame cannot overtake the ICCN.
        channel.flush(now);
        s.connected(FRAMING_SYNC_ASYNC, CONNECT_SPEED, false);
        s.transition(SessionState.ESTABLISHED, "ICCN sent, PPP starts");
        env.listener().sessionUp(s);
    }
}
