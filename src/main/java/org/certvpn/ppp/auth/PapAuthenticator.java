package org.certvpn.ppp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ppp.fsm.ControlSender;
import org.certvpn.ppp.fsm.NegotiationAutomaton;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.wire.ControlPacket;
import org.certvpn.ppp.wire.PapPacket;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * The gateway's side of PAP (RFC 1334 §2), used only when the configuration allows clear-text
 * passwords. The peer speaks first; we wait Max-Configure restart periods for its Authenticate-Request,
 * answer Ack or Nak, and repeat that answer to a retransmitted request.
 */
public final class PapAuthenticator implements AuthExchange {
    private enum State { IDLE, WAITING, SUCCEEDED, FAILED }

    private final LoginGate gate;
    private final Optional<PeerIdentity> identity;
    private final String source;
    private final RestartTimers timers;
    private final ControlSender sender;
    private final AuthListener listener;
    private final Trace trace;
    private State state = State.IDLE;
    private long deadline = NegotiationAutomaton.NO_DEADLINE;
    private int answeredId = -1;
    private ControlPacket verdict;

    public PapAuthenticator(LoginGate gate, Optional<PeerIdentity> identity, String source, RestartTimers timers,
            ControlSender sender, AuthListener listener, Trace trace) {
        this.gate = gate;
        this.identity = identity;
        this.source = source;
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
        transition(State.WAITING, "authentication phase");
        deadline = nowMillis + timers.restartMillis() * timers.maxConfigure();
    }

    @Override
    public long nextDeadline() {
        return deadline;
    }

    @Override
    public void onTimer(long nowMillis) {
        if (state == State.WAITING && nowMillis >= deadline) {
            deadline = NegotiationAutomaton.NO_DEADLINE;
            transition(State.FAILED, "no request");
            listener.authFailed("", "no PAP Authenticate-Request from the peer", nowMillis);
        }
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
        if (!(pap instanceof PapPacket.Request request)) {
            return;
        }
        if (state == State.SUCCEEDED || state == State.FAILED) {
            if (request.identifier() == answeredId) {
                sender.send(PppProtocol.PAP, verdict);
            }
            return;
        }
        if (state != State.WAITING) {
            return;
        }
        deadline = NegotiationAutomaton.NO_DEADLINE;
        answeredId = request.identifier();
        String user = new String(UserNames.withoutDomain(request.peerId()), StandardCharsets.UTF_8);
        switch (gate.check(user, new Credentials.Pap(request.password()), identity, source, nowMillis)) {
            case Verification.Accepted ok -> {
                transition(State.SUCCEEDED, "password verified");
                verdict = new PapPacket.Ack(answeredId, "Login ok".getBytes(StandardCharsets.US_ASCII))
                        .toControlPacket();
                sender.send(PppProtocol.PAP, verdict);
                listener.authSucceeded(user, Optional.of(ok.user()), nowMillis);
            }
            case Verification.Rejected no -> {
                transition(State.FAILED, "password refused");
                verdict = new PapPacket.Nak(answeredId, "Login incorrect".getBytes(StandardCharsets.US_ASCII))
                        .toControlPacket();
                sender.send(PppProtocol.PAP, verdict);
                listener.authFailed(user, no.reason(), nowMillis);
            }
        }
    }

    private void transition(State to, String why) {
        trace.debug("PAP: %s -> %s (%s)", state, to, why);
        state = to;
    }
}
