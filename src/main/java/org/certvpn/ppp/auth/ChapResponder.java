package org.certvpn.ppp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.crypto.ChapMd5;
import org.certvpn.crypto.MsChapV2;
import org.certvpn.ppp.fsm.ControlSender;
import org.certvpn.ppp.fsm.NegotiationAutomaton;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.wire.ChapPacket;
import org.certvpn.ppp.wire.ControlPacket;
import org.certvpn.ppp.wire.MsChapV2Messages;
import org.certvpn.ppp.wire.MsChapV2Response;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * The client's side of CHAP-MD5 and MS-CHAPv2: answers each Challenge, resends the Response until the
 * authenticator's verdict arrives, and for MS-CHAPv2 checks the "S=" authenticator response (RFC 2759
 * §8.8), failing the exchange when the server cannot prove it knows the password.
 */
public final class ChapResponder implements AuthExchange {
    private enum State { WAITING_CHALLENGE, RESPONDED, SUCCEEDED, FAILED }

    private final AuthMethod method;
    private final String user;
    private final String password;
    private final RestartTimers timers;
    private final RandomGenerator random;
    private final ControlSender sender;
    private final AuthListener listener;
    private final Trace trace;

    private State state = State.WAITING_CHALLENGE;
    private ControlPacket response;
    private int responsesSent;
    private long deadline = NegotiationAutomaton.NO_DEADLINE;
    private byte[] authenticatorChallenge;
    private byte[] peerChallenge;
    private byte[] ntResponse;

    public ChapResponder(AuthMethod method, String user, String password, RestartTimers timers,
            RandomGenerator random, ControlSender sender, AuthListener listener, Trace trace) {
        this.method = method;
        this.user = user;
        this.password = password;
        this.timers = timers;
        this.random = random;
        this.sender = sender;
        this.listener = listener;
        this.trace = trace;
    }

    @Override
    public int protocol() {
        return PppProtocol.CHAP;
    }

    @Override
    public void start(long nowMillis) {}

    @Override
    public long nextDeadline() {
        return deadline;
    }

    @Override
    public void onTimer(long nowMillis) {
        if (state != State.RESPONDED || nowMillis < deadline) {
            return;
        }
        if (responsesSent >= timers.maxConfigure()) {
            deadline = NegotiationAutomaton.NO_DEADLINE;
            transition(State.FAILED, "no verdict");
            listener.authFailed(user, "no verdict from the authenticator", nowMillis);
            return;
        }
        send(nowMillis);
    }

    @Override
    public void stop() {
        deadline = NegotiationAutomaton.NO_DEADLINE;
    }

    private void send(long nowMillis) {
        responsesSent++;
        deadline = nowMillis + timers.restartMillis();
        sender.send(PppProtocol.CHAP, response);
    }

    @Override
    public void receive(ControlPacket packet, long nowMillis) {
        ChapPacket chap;
        try {
            chap = ChapPacket.decode(packet);
        } catch (MalformedPacketException e) {
            trace.info("CHAP: discarded malformed packet: %s", e.getMessage());
            return;
        }
        switch (chap) {
            case ChapPacket.Challenge c -> respond(c, nowMillis);
            case ChapPacket.Success s -> {
                if (state != State.RESPONDED || s.identifier() != response.identifier()) {
                    return;
                }
                deadline = NegotiationAutomaton.NO_DEADLINE;
                if (method == AuthMethod.MSCHAP_V2 && !serverProvedPassword(s.messageText())) {
                    transition(State.FAILED, "authenticator response wrong");
                    listener.authFailed(user, "the authenticator's MS-CHAPv2 response is wrong: it does not know "
                            + "the password", nowMillis);
                    return;
                }
                transition(State.SUCCEEDED, "Success");
                listener.authSucceeded(user, Optional.empty(), nowMillis);
            }
            case ChapPacket.Failure f -> {
                if (state != State.RESPONDED || f.identifier() != response.identifier()) {
                    return;
                }
                deadline = NegotiationAutomaton.NO_DEADLINE;
                transition(State.FAILED, "Failure");
                listener.authFailed(user, "authenticator said: " + f.messageText(), nowMillis);
            }
            default -> { }
        }
    }

    private void respond(ChapPacket.Challenge c, long nowMillis) {
        if (state == State.SUCCEEDED || state == State.FAILED) {
            return;
        }
        if (state == State.RESPONDED && c.identifier() == response.identifier()
                && (authenticatorChallenge == null || java.util.Arrays.equals(c.value(), authenticatorChallenge))) {
            // The authenticator retransmitted its Challenge (our Response is late or lost): answer with the
            // same Response. A new MS-CHAPv2 peer challenge would make its Success prove the other one.
            responsesSent = 0;
            send(nowMillis);
            return;
        }
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] value;
        if (method == AuthMethod.CHAP_MD5) {
            value = ChapMd5.response(c.identifier(), password.getBytes(StandardCharsets.UTF_8), c.value());
        } else {
            if (c.value().length != MsChapV2.CHALLENGE_LENGTH) {
                trace.info("MS-CHAPv2: discarded Challenge of %d octets", c.value().length);
                return;
            }
            authenticatorChallenge = c.value();
            peerChallenge = new byte[MsChapV2.CHALLENGE_LENGTH];
            random.nextBytes(peerChallenge);
            ntResponse = MsChapV2.generateNtResponse(authenticatorChallenge, peerChallenge,
                    UserNames.withoutDomain(name), password);
            value = new MsChapV2Response(peerChallenge, ntResponse, 0).encode();
        }
        response = new ChapPacket.Response(c.identifier(), value, name).toControlPacket();
        transition(State.RESPONDED, "Challenge answered");
        responsesSent = 0;
        send(nowMillis);
    }

    private boolean serverProvedPassword(String successMessage) {
        Optional<String> received = MsChapV2Messages.authenticatorResponseOf(successMessage);
        return received.isPresent() && MsChapV2.checkAuthenticatorResponse(MsChapV2.ntPasswordHash(password),
                ntResponse, peerChallenge, authenticatorChallenge,
                UserNames.withoutDomain(user.getBytes(StandardCharsets.UTF_8)), received.get());
    }

    private void transition(State to, String why) {
        trace.debug("%s: %s -> %s (%s)", method, state, to, why);
        state = to;
    }
}
