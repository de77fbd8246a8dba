package org.certvpn.ppp.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.identity.PeerIdentity;
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
 * The gateway's side of CHAP (RFC 1994) with MD5 or MS-CHAPv2 (RFC 2759).
 *
 * <p>Flow: send a Challenge with 16 random octets, resend it every restart period until a Response
 * with its Identifier arrives or Max-Configure challenges went unanswered; pass the Response through
 * the {@link LoginGate}; answer Success (for MS-CHAPv2 carrying the "S=" authenticator response) or
 * Failure ("E=691 R=0 ..." for MS-CHAPv2, so the peer does not retry). A repeated Response with the
 * same Identifier gets the same answer again (RFC 1994 §4.2: the Success may have been lost).
 */
public final class ChapAuthenticator implements AuthExchange {
    private static final int CHALLENGE_LENGTH = 16;

    private enum State { IDLE, CHALLENGED, SUCCEEDED, FAILED }

    private final AuthMethod method;
    private final byte[] hostName;
    private final LoginGate gate;
    private final Optional<PeerIdentity> identity;
    private final String source;
    private final RestartTimers timers;
    private final RandomGenerator random;
    private final ControlSender sender;
    private final AuthListener listener;
    private final Trace trace;

    private State state = State.IDLE;
    private int identifier;
    private final byte[] challenge = new byte[CHALLENGE_LENGTH];
    private int challengesSent;
    private long deadline = NegotiationAutomaton.NO_DEADLINE;
    private ControlPacket verdict;

    public ChapAuthenticator(AuthMethod method, String hostName, LoginGate gate, Optional<PeerIdentity> identity,
            String source, RestartTimers timers, RandomGenerator random, ControlSender sender, AuthListener listener,
            Trace trace) {
        if (method == AuthMethod.PAP) {
            throw new IllegalArgumentException("CHAP authenticator for " + method);
        }
        this.method = method;
        this.hostName = hostName.getBytes(StandardCharsets.UTF_8);
        this.gate = gate;
        this.identity = identity;
        this.source = source;
        this.timers = timers;
        this.random = random;
        this.sender = sender;
        this.listener = listener;
        this.trace = trace;
        this.identifier = random.nextInt(256);
    }

    @Override
    public int protocol() {
        return PppProtocol.CHAP;
    }

    @Override
    public void start(long nowMillis) {
        identifier = (identifier + 1) & 0xFF;
        random.nextBytes(challenge);
        challengesSent = 0;
        transition(State.CHALLENGED, "authentication phase");
        sendChallenge(nowMillis);
    }

    private void sendChallenge(long nowMillis) {
        challengesSent++;
        deadline = nowMillis + timers.restartMillis();
        sender.send(PppProtocol.CHAP, new ChapPacket.Challenge(identifier, challenge, hostName).toControlPacket());
    }

    @Override
    public long nextDeadline() {
        return deadline;
    }

    @Override
    public void onTimer(long nowMillis) {
        if (state != State.CHALLENGED || nowMillis < deadline) {
            return;
        }
        if (challengesSent >= timers.maxConfigure()) {
            deadline = NegotiationAutomaton.NO_DEADLINE;
            transition(State.FAILED, "no response");
            listener.authFailed("", "no response to " + challengesSent + " " + method + " challenges", nowMillis);
            return;
        }
        sendChallenge(nowMillis);
    }

    @Override
    public void stop() {
        deadline = NegotiationAutomaton.NO_DEADLINE;
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
        if (!(chap instanceof ChapPacket.Response response) || response.identifier() != identifier) {
            trace.debug("CHAP: discarded %s", chap);
            return;
        }
        switch (state) {
            case CHALLENGED -> judge(response, nowMillis);
            case SUCCEEDED, FAILED -> sender.send(PppProtocol.CHAP, verdict);
            case IDLE -> { }
        }
    }

    private void judge(ChapPacket.Response response, long nowMillis) {
        deadline = NegotiationAutomaton.NO_DEADLINE;
        byte[] bareName = UserNames.withoutDomain(response.name());
        String user = new String(bareName, StandardCharsets.UTF_8);
        Credentials credentials;
        if (method == AuthMethod.CHAP_MD5) {
            credentials = new Credentials.ChapMd5(identifier, challenge, response.value());
        } else {
            try {
                MsChapV2Response value = MsChapV2Response.decode(response.value());
                credentials = new Credentials.MsChapV2(challenge, value.peerChallenge(), value.ntResponse(), bareName);
            } catch (MalformedPacketException e) {
                fail(user, "PPP user \"" + user + "\" refused: malformed MS-CHAPv2 response: " + e.reason(), nowMillis);
                return;
            }
        }
        switch (gate.check(user, credentials, identity, source, nowMillis)) {
            case Verification.Accepted ok -> {
                String message = method == AuthMethod.MSCHAP_V2
                        ? MsChapV2Messages.success(ok.authenticatorResponse().orElseThrow(), "Access granted")
                        : "Access granted";
                verdict = new ChapPacket.Success(identifier, message.getBytes(StandardCharsets.US_ASCII))
                        .toControlPacket();
                transition(State.SUCCEEDED, "response verified");
                sender.send(PppProtocol.CHAP, verdict);
                listener.authSucceeded(user, Optional.of(ok.user()), nowMillis);
            }
            case Verification.Rejected no -> fail(user, no.reason(), nowMillis);
        }
    }

    private void fail(String user, String reason, long nowMillis) {
        String message;
        if (method == AuthMethod.MSCHAP_V2) {
            byte[] next = new byte[CHALLENGE_LENGTH];
            random.nextBytes(next);
            message = MsChapV2Messages.failure(MsChapV2Messages.ERROR_AUTHENTICATION_FAILURE, next, "Access denied");
        } else {
            message = "Access denied";
        }
        verdict = new ChapPacket.Failure(identifier, message.getBytes(StandardCharsets.US_ASCII)).toControlPacket();
        transition(State.FAILED, "response refused");
        sender.send(PppProtocol.CHAP, verdict);
        listener.authFailed(user, reason, nowMillis);
    }

    private void transition(State to, String why) {
        trace.debug("%s: %s -> %s (%s)", method, state, to, why);
        state = to;
    }
}
