package org.certvpn.ppp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.ppp.fsm.ControlSender;
import org.certvpn.ppp.fsm.NegotiationAutomaton;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.wire.ControlPacket;
import org.certvpn.ppp.wire.PapPacket;
import org.certvpn.ppp.wire.PppProtocol;

/** The client's side of PAP: sends Authenticate-Request until Ack or Nak, Max-Configure times at most. */
public final class PapRequester implements AuthExchange {
    private final String user;
    private final String password;
    private final RestartTimers timers;
    private final ControlSender sender;
    private final AuthListener listener;
    private final Trace trace;
    private final int identifier;
    private boolean done;
    private int sent;
    private long deadline = NegotiationAutomaton.NO_DEADLINE;

    public PapRequester(String user, String password, int identifier, RestartTimers timers, ControlSender sender,
            AuthListener listener, Trace trace) {
        this.user = user;
        this.password = password;
        this.identifier = identifier & 0xFF;
        this.timers = timers;
        this.sender = sender;
        this.listener = listener;
        this.trace = trace;
    }

    @Override
    public int protocol() {
        return PppProtocol.PAP;
    }

    @Override
    public void start(long nowMillis) {
        send(nowMillis);
    }

    private void send(long nowMillis) {
        sent++;
        deadline = nowMillis + timers.restartMillis();
        sender.send(PppProtocol.PAP, new PapPacket.Request(identifier, user.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8)).toControlPacket());
    }

    @Override
    public long nextDeadline() {
        return deadline;
    }

    @Override
    public void onTimer(long nowMillis) {
        if (done || nowMillis < deadline) {
            return;
        }
        if (sent >= timers.maxConfigure()) {
            done = true;
            deadline = NegotiationAutomaton.NO_DEADLINE;
            listener.authFailed(user, "no PAP answer from the authenticator", nowMillis);
            return;
        }
        send(nowMillis);
    }

    @Override
    public void stop() {
        deadline = NegotiationAutomaton.NO_DEADLINE;
    }

    @Override
    public void receive(ControlPacket packet, long nowMillis) {
        PapPacket pap;
        try {
            pap = PapPacket.decode(packet);
        } catch (MalformedPacketException e) {
            trace.info("PAP: discarded malformed packet: %s", e.getMessage());
            return;
        }
        if (done || pap.identifier() != identifier) {
            return;
        }
        switch (pap) {
            case PapPacket.Ack a -> {
                done = true;
                deadline = NegotiationAutomaton.NO_DEADLINE;
                listener.authSucceeded(user, Optional.empty(), nowMillis);
            }
            case PapPacket.Nak n -> {
                done = true;
                deadline = NegotiationAutomaton.NO_DEADLINE;
                listener.authFailed(user, "authenticator said: "
                        + new String(n.message(), StandardCharsets.UTF_8), nowMillis);
            }
            default -> { }
        }
    }
}
