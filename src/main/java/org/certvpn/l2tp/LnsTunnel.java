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
 * The LNS side of a tunnel: answers SCCRQ with SCCRP, becomes established on SCCCN, answers
 * ICRQ with ICRP and brings the session up on ICCN (RFC 2661 §7.2.1 and §7.4.2).
 */
final class LnsTunnel extends Tunnel {
    private static final int PROTOCOL_VERSION_1_0 = 0x0100;
    /** Synchronous and asynchronous framing (§4.4.3). */
    private static final long FRAMING_SYNC_ASYNC = 3;
    private static final int CHALLENGE_LENGTH = 16;

    private byte[] ourChallenge;

    LnsTunnel(Object peerKey, int localId, L2tpSettings settings, Env env, long now) {
        super("LNS", peerKey, localId, settings, env, now);
    }

    @Override
    void handle(ControlMessage m, long now) {
        MessageType t = m.type();
        if (t.equals(MessageType.SCCRQ) && state == TunnelState.IDLE) {
            startControlConnection(m, now);
        } else if (t.equals(MessageType.SCCCN) && state == TunnelState.WAIT_CTL_CONN) {
            controlConnected(m, now);
        } else if (t.equals(MessageType.ICRQ)) {
            incomingCall(m, now);
        } else if (t.equals(MessageType.ICCN)) {
            callConnected(m);
        } else if (t.equals(MessageType.OCRQ)) {
            refuseCall(m.find(AvpType.ASSIGNED_SESSION_ID).orElseThrow().u16(),
                    ResultCode.of(ResultCode.CDN_NO_FACILITIES_PERMANENT, ResultCode.ERROR_NONE, "this LNS places no outgoing calls"),
                    "OCRQ to an LNS");
        } else {
            unexpected(m, "not part of the LNS role in this state");
        }
    }

    private void startControlConnection(ControlMessage m, long now) {
        notePeer(m);
        String host = printable(peerHostName);
        int version = m.find(AvpType.PROTOCOL_VERSION).orElseThrow().u16();
        if (version != PROTOCOL_VERSION_1_0) {
            String why = "peer '" + host + "' speaks protocol version " + (version >> 8) + "." + (version & 0xFF);
            close(ResultCode.of(ResultCode.STOPCCN_VERSION_NOT_SUPPORTED, PROTOCOL_VERSION_1_0, "L2TP 1.0 only"), why, now);
            return;
        }
        Optional<Avp> challenge = m.find(AvpType.CHALLENGE);
        if (challenge.isPresent() && secret == null) {
            String why = "peer '" + host + "' sent a Challenge but no tunnel secret is configured";
            close(ResultCode.of(ResultCode.STOPCCN_NOT_AUTHORIZED, ResultCode.ERROR_VENDOR, "no tunnel secret"), why, now);
            return;
        }
        List<Avp> body = new ArrayList<>();
        body.add(Avp.u16(AvpType.PROTOCOL_VERSION, PROTOCOL_VERSION_1_0));
        body.add(Avp.u32(AvpType.FRAMING_CAPABILITIES, FRAMING_SYNC_ASYNC));
        if (settings.firmwareRevision() != 0) {
            body.add(Avp.u16(AvpType.FIRMWARE_REVISION, settings.firmwareRevision()));
        }
        body.add(Avp.string(AvpType.HOST_NAME, settings.hostName()));
        if (!settings.vendorName().isEmpty()) {
            body.add(Avp.string(AvpType.VENDOR_NAME, settings.vendorName()));
        }
        body.add(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, localId));
        body.add(Avp.u16(AvpType.RECEIVE_WINDOW_SIZE, settings.receiveWindow()));
        if (settings.challengePeer()) {
            ourChallenge = new byte[CHALLENGE_LENGTH];
            env.random().nextBytes(ourChallenge);
            body.add(Avp.of(AvpType.CHALLENGE, ourChallenge));
        }
        if (challenge.isPresent()) {
            body.add(Avp.of(AvpType.CHALLENGE_RESPONSE,
                    TunnelAuthentication.response(MessageType.SCCRP, secret, challenge.get().value())));
        }
        sendMessage(MessageType.SCCRP, 0, body, null);
        transition(TunnelState.WAIT_CTL_CONN, "SCCRQ from '" + host + "' (peer tunnel " + peerId + ", window "
                + channel.peerWindow() + (challenge.isPresent() ? ", challenged us" : "") + "), SCCRP sent");
    }

    private void controlConnected(ControlMessage m, long now) {
        if (ourChallenge != null) {
            Optional<Avp> response = m.find(AvpType.CHALLENGE_RESPONSE);
            if (response.isPresent()) {
                if (!TunnelAuthentication.verify(MessageType.SCCCN, secret, ourChallenge, response.get().value())) {
                    String why = "wrong Challenge Response in SCCCN";
                    close(ResultCode.of(ResultCode.STOPCCN_NOT_AUTHORIZED, ResultCode.ERROR_VENDOR, why), why, now);
                    return;
                }
                authenticated = true;
            } else if (settings.requireChallengeResponse()) {
                String why = "SCCCN without the Challenge Response we require";
                close(ResultCode.of(ResultCode.STOPCCN_NOT_AUTHORIZED, ResultCode.ERROR_VENDOR, why), why, now);
                return;
            } else {
                trace(Level.INFO, "SCCCN without a Challenge Response: accepted (some Android builds never send one)");
            }
        }
        transition(TunnelState.ESTABLISHED, "SCCCN received" + (authenticated ? ", peer authenticated" : ""));
        channel.enableHello(now);
        reportUp();
    }

    private void incomingCall(ControlMessage m, long now) {
        int peerSession = m.find(AvpType.ASSIGNED_SESSION_ID).orElseThrow().u16();
        if (peerSession == 0) {
            unexpected(m, "ICRQ with Assigned Session ID 0");
            return;
        }
        if (state != TunnelState.ESTABLISHED) {
            refuseCall(peerSession, ResultCode.of(ResultCode.CDN_GENERAL_ERROR, ResultCode.ERROR_NO_CONTROL_CONNECTION,
                    "control connection not established"), "ICRQ before SCCCN");
            return;
        }
        if (sessions.size() >= env.maxSessionsPerTunnel()) {
            env.count(L2tpDrop.SESSION_LIMIT);
            refuseCallQuietly(peerSession, ResultCode.of(ResultCode.CDN_NO_FACILITIES_TEMPORARY,
                    ResultCode.ERROR_NO_RESOURCES, "session limit reached"),
                    "limit of " + env.maxSessionsPerTunnel() + " sessions per tunnel reached");
            return;
        }
        int local = allocateSessionId();
        if (local < 0) {
            refuseCall(peerSession, ResultCode.of(ResultCode.CDN_NO_FACILITIES_TEMPORARY, ResultCode.ERROR_NO_RESOURCES,
                    "no free session ID"), "all session IDs in use");
            return;
        }
        L2tpSession s = new L2tpSession(this, local, SessionState.WAIT_CONNECT, sessionSetupDeadline(now));
        s.peerSessionId(peerSession);
        s.callSerialNumber(m.find(AvpType.CALL_SERIAL_NUMBER).orElseThrow().u32());
        sessions.put(local, s);
        sendMessage(MessageType.ICRP, peerSession, List.of(Avp.u16(AvpType.ASSIGNED_SESSION_ID, local)), null);
        trace(Level.DEBUG, "session " + local + "/" + peerSession + ": ICRQ (call serial " + s.callSerialNumber()
                + ") answered with ICRP, " + SessionState.WAIT_CONNECT);
    }

    private void callConnected(ControlMessage m) {
        L2tpSession s = sessions.get(m.sessionId());
        if (s == null || s.state() != SessionState.WAIT_CONNECT) {
            unexpected(m, "ICCN for session " + m.sessionId() + (s == null ? " which does not exist" : " in " + s.state()));
            return;
        }
        long framing = m.find(AvpType.FRAMING_TYPE).orElseThrow().u32();
        long speed = m.find(AvpType.TX_CONNECT_SPEED).orElseThrow().u32();
        boolean sequencing = m.has(AvpType.SEQUENCING_REQUIRED);
        s.connected(framing, speed, sequencing);
        s.transition(SessionState.ESTABLISHED, "ICCN received (framing " + framing + ", " + speed + " bit/s"
                + (sequencing ? ", sequencing required" : "") + ")");
        env.listener().sessionUp(s);
    }
}
