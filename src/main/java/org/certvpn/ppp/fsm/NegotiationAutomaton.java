package org.certvpn.ppp.fsm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.certvpn.common.MalformedPacketException;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.ControlCode;
import org.certvpn.ppp.wire.ControlPacket;

/**
 * The RFC 1661 §4 option-negotiation automaton, one instance per protocol per link.
 *
 * <p>Flow: a received packet is classified into an event (RCR+/-, RCA, RCN, RTR, RTA, RUC, RXJ+/-,
 * RXR); administrative calls ({@link #up}, {@link #down}, {@link #open}, {@link #close}) and the
 * restart timer ({@link #onTimer}) are events too. Each event looks up the RFC's table
 * ({@link TransitionTable}), moves to the next state through {@link #transition} (the one place
 * states change, and it logs), then performs the cell's actions in order. Events raised by a protocol
 * callback while another event is being handled are queued and run afterwards, so callbacks may call
 * back into the automaton.
 *
 * <p>Sans-IO: packets leave through a {@link ControlSender}; time comes in as {@code nowMillis};
 * {@link #nextDeadline()} says when {@link #onTimer} is next needed.
 */
public final class NegotiationAutomaton {
    /** {@link #nextDeadline()} when no timer runs. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** Code-Reject and Protocol-Reject carry at most this much of the rejected packet (default MRU). */
    private static final int MAX_REJECTED_COPY = 1500 - 4 - 4;

    private final NegotiatedProtocol protocol;
    private final RestartTimers timers;
    private final ControlSender sender;
    private final Trace trace;
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private boolean handling;

    private FsmState state = FsmState.INITIAL;
    private long deadline = NO_DEADLINE;
    private int restartCount;
    private int identifier;
    private int requestId = -1;
    private byte[] requestData = new byte[0];
    private boolean requestAnswered;
    private int naksSent;
    private int naksReceived;
    private String closeReason = "";

    public NegotiationAutomaton(NegotiatedProtocol protocol, RestartTimers timers, ControlSender sender,
            Trace trace, int firstIdentifier) {
        this.protocol = protocol;
        this.timers = timers;
        this.sender = sender;
        this.trace = trace;
        this.identifier = firstIdentifier & 0xFF;
    }

    public FsmState state() {
        return state;
    }

    public boolean isOpened() {
        return state == FsmState.OPENED;
    }

    /** The lower layer is up. */
    public void up(long nowMillis) {
        fire(FsmEvent.UP, null, nowMillis);
    }

    /** The lower layer went down. */
    public void down(long nowMillis) {
        fire(FsmEvent.DOWN, null, nowMillis);
    }

    /** Administrative Open. */
    public void open(long nowMillis) {
        fire(FsmEvent.OPEN, null, nowMillis);
    }

    /** Administrative Close; the reason travels in the Terminate-Request. */
    public void close(long nowMillis, String reason) {
        closeReason = reason;
        fire(FsmEvent.CLOSE, null, nowMillis);
    }

    /** A Protocol-Reject named this protocol: the peer will never speak it (RXJ-, RFC 1661 §5.7). */
    public void protocolRejected(long nowMillis) {
        fire(FsmEvent.RXJ_MINUS, null, nowMillis);
    }

    public long nextDeadline() {
        return deadline;
    }

    /** Runs the restart timer if it has expired: TO+ while the counter lasts, TO- after. */
    public void onTimer(long nowMillis) {
        if (deadline == NO_DEADLINE || nowMillis < deadline) {
            return;
        }
        deadline = NO_DEADLINE;
        fire(restartCount > 0 ? FsmEvent.TO_PLUS : FsmEvent.TO_MINUS, null, nowMillis);
    }

    /** Handles one received packet of this protocol. */
    public void receive(ControlPacket packet, long nowMillis) {
        if (trace.debugEnabled()) {
            trace.debug("%s: received %s", protocol.name(), describe(packet));
        }
        switch (packet.code()) {
            case ControlCode.CONFIGURE_REQUEST -> receiveConfigureRequest(packet, nowMillis);
            case ControlCode.CONFIGURE_ACK -> receiveConfigureAck(packet, nowMillis);
            case ControlCode.CONFIGURE_NAK, ControlCode.CONFIGURE_REJECT -> receiveNakOrReject(packet, nowMillis);
            case ControlCode.TERMINATE_REQUEST -> {
                protocol.terminateRequestReceived(packet, state, nowMillis);
                fire(FsmEvent.RTR, new Received(packet, null, List.of()), nowMillis);
            }
            case ControlCode.TERMINATE_ACK -> fire(FsmEvent.RTA, new Received(packet, null, List.of()), nowMillis);
            case ControlCode.CODE_REJECT -> {
                int rejected = packet.dataLength() > 0 ? packet.data()[0] & 0xFF : 0;
                boolean catastrophic = rejected >= ControlCode.CONFIGURE_REQUEST && rejected <= ControlCode.CODE_REJECT;
                trace.info("%s: peer rejected code %s", protocol.name(), ControlCode.name(rejected));
                fire(catastrophic ? FsmEvent.RXJ_MINUS : FsmEvent.RXJ_PLUS, null, nowMillis);
            }
            default -> {
                switch (protocol.codeKind(packet.code())) {
                    case REQUEST_REPLY -> fire(FsmEvent.RXR, new Received(packet, null, List.of()), nowMillis);
                    case PROTOCOL_REJECT -> {
                        boolean catastrophic = protocol.protocolRejectReceived(packet, state, nowMillis);
                        fire(catastrophic ? FsmEvent.RXJ_MINUS : FsmEvent.RXJ_PLUS, null, nowMillis);
                    }
                    case UNKNOWN -> fire(FsmEvent.RUC, new Received(packet, null, List.of()), nowMillis);
                }
            }
        }
    }

    private void receiveConfigureRequest(ControlPacket packet, long nowMillis) {
        List<ConfigOption> options;
        try {
            options = ConfigOption.decodeAll(packet.data());
        } catch (MalformedPacketException e) {
            trace.info("%s: discarded malformed Configure-Request: %s", protocol.name(), e.getMessage());
            return;
        }
        boolean rejectIfDisagree = naksSent >= timers.maxFailure();
        List<ConfigOption> rejects = new ArrayList<>();
        List<ConfigOption> naks = new ArrayList<>();
        for (ConfigOption option : options) {
            OptionVerdict verdict = protocol.checkPeerOption(option, rejectIfDisagree);
            switch (verdict) {
                case OptionVerdict.Reject r -> rejects.add(option);
                case OptionVerdict.Nak nak -> {
                    if (rejectIfDisagree) {
                        rejects.add(option);
                    } else {
                        naks.add(nak.suggestion());
                    }
                }
                case OptionVerdict.Ack a -> { }
            }
        }
        ControlPacket reply;
        if (!rejects.isEmpty()) {
            reply = new ControlPacket(ControlCode.CONFIGURE_REJECT, packet.identifier(),
                    ConfigOption.encodeAll(rejects));
        } else {
            naks.addAll(protocol.missingPeerOptions(options, rejectIfDisagree));
            reply = naks.isEmpty()
                    ? new ControlPacket(ControlCode.CONFIGURE_ACK, packet.identifier(), packet.data())
                    : new ControlPacket(ControlCode.CONFIGURE_NAK, packet.identifier(), ConfigOption.encodeAll(naks));
        }
        boolean acceptable = reply.code() == ControlCode.CONFIGURE_ACK;
        fire(acceptable ? FsmEvent.RCR_PLUS : FsmEvent.RCR_MINUS, new Received(packet, reply, options), nowMillis);
    }

    private void receiveConfigureAck(ControlPacket packet, long nowMillis) {
        if (replyExpected() && !matchesOutstandingRequest(packet, true)) {
            return;
        }
        if (replyExpected()) {
            requestAnswered = true;
            try {
                protocol.requestAcked(ConfigOption.decodeAll(packet.data()));
            } catch (MalformedPacketException e) {
                throw new IllegalStateException("our own request no longer decodes", e);
            }
        }
        fire(FsmEvent.RCA, new Received(packet, null, List.of()), nowMillis);
    }

    private void receiveNakOrReject(ControlPacket packet, long nowMillis) {
        boolean nak = packet.code() == ControlCode.CONFIGURE_NAK;
        if (replyExpected()) {
            if (!matchesOutstandingRequest(packet, false)) {
                return;
            }
            List<ConfigOption> options;
            try {
                options = ConfigOption.decodeAll(packet.data());
            } catch (MalformedPacketException e) {
                trace.info("%s: discarded malformed %s: %s", protocol.name(), ControlCode.name(packet.code()),
                        e.getMessage());
                return;
            }
            boolean accepted;
            if (nak) {
                boolean treatAsReject = naksReceived >= timers.maxFailure();
                naksReceived++;
                accepted = protocol.requestNaked(options, treatAsReject);
            } else {
                accepted = isSubsequenceOfRequest(options) && protocol.requestRejected(options);
            }
            if (!accepted) {
                trace.info("%s: discarded bad %s %s", protocol.name(), ControlCode.name(packet.code()), options);
                return;
            }
            requestAnswered = true;
        }
        fire(FsmEvent.RCN, new Received(packet, null, List.of()), nowMillis);
    }

    /** States in which an answer to our Configure-Request is meaningful and checked. */
    private boolean replyExpected() {
        return state.negotiating() || state == FsmState.OPENED;
    }

    /** RFC 1661 §5.2-5.4: the Identifier must match our last request, and an Ack must echo it exactly. */
    private boolean matchesOutstandingRequest(ControlPacket packet, boolean exactOptions) {
        if (packet.identifier() != requestId || requestAnswered) {
            trace.debug("%s: discarded %s id=%d (expected an answer to id=%d)", protocol.name(),
                    ControlCode.name(packet.code()), packet.identifier(), requestId);
            return false;
        }
        if (exactOptions && !Arrays.equals(packet.data(), requestData)) {
            trace.info("%s: discarded Configure-Ack whose options differ from our request", protocol.name());
            return false;
        }
        return true;
    }

    /** §5.4: a Configure-Reject lists options from our request, unmodified and in order. */
    private boolean isSubsequenceOfRequest(List<ConfigOption> rejected) {
        List<ConfigOption> sent;
        try {
            sent = ConfigOption.decodeAll(requestData);
        } catch (MalformedPacketException e) {
            return false;
        }
        int i = 0;
        for (ConfigOption option : rejected) {
            while (i < sent.size() && !sent.get(i).equals(option)) {
                i++;
            }
            if (i == sent.size()) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** What a receive event carries into its actions. */
    private record Received(ControlPacket packet, ControlPacket reply, List<ConfigOption> requestOptions) {}

    private void fire(FsmEvent event, Received received, long nowMillis) {
        if (handling) {
            queued.add(() -> handle(event, received, nowMillis));
            return;
        }
        handling = true;
        try {
            handle(event, received, nowMillis);
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        } finally {
            handling = false;
            queued.clear();
        }
    }

    private void handle(FsmEvent event, Received received, long nowMillis) {
        TransitionTable.Transition t = TransitionTable.lookup(state, event);
        if (t == null) {
            trace.debug("%s: event %s cannot occur in state %s; ignored", protocol.name(), event, state);
            return;
        }
        FsmState from = state;
        transition(t.next(), event);
        for (FsmAction action : t.actions()) {
            perform(action, t.actions(), from, event, received, nowMillis);
        }
        if (!state.restartTimerRuns()) {
            deadline = NO_DEADLINE;
        }
    }

    /** The one place the state changes. */
    private void transition(FsmState to, FsmEvent why) {
        if (to != state) {
            trace.debug("%s: %s -> %s on %s", protocol.name(), state, to, why);
        }
        state = to;
    }

    private void perform(FsmAction action, List<FsmAction> all, FsmState from, FsmEvent event, Received received,
            long nowMillis) {
        switch (action) {
            case TLU -> protocol.up(nowMillis);
            case TLD -> protocol.down(nowMillis);
            case TLS -> protocol.starting(nowMillis);
            case TLF -> protocol.finished(nowMillis);
            case IRC -> restartCount = all.contains(FsmAction.STR) ? timers.maxTerminate() : timers.maxConfigure();
            case ZRC -> {
                restartCount = 0;
                deadline = nowMillis + timers.restartMillis();
            }
            case SCR -> sendConfigureRequest(from, event, nowMillis);
            case SCA -> {
                send(received.reply());
                naksSent = 0;
                protocol.peerOptionsAcked(received.requestOptions());
            }
            case SCN -> {
                send(received.reply());
                if (received.reply().code() == ControlCode.CONFIGURE_NAK) {
                    naksSent++;
                }
            }
            case STR -> {
                identifier = (identifier + 1) & 0xFF;
                send(new ControlPacket(ControlCode.TERMINATE_REQUEST, identifier,
                        closeReason.getBytes(StandardCharsets.UTF_8)));
                restartCount--;
                deadline = nowMillis + timers.restartMillis();
            }
            case STA -> send(new ControlPacket(ControlCode.TERMINATE_ACK,
                    received == null ? identifier : received.packet().identifier(), new byte[0]));
            case SCJ -> {
                identifier = (identifier + 1) & 0xFF;
                byte[] rejected = received.packet().encode();
                send(new ControlPacket(ControlCode.CODE_REJECT, identifier,
                        Arrays.copyOf(rejected, Math.min(rejected.length, MAX_REJECTED_COPY))));
            }
            case SER -> protocol.receiveRequestReply(received.packet(), nowMillis);
        }
    }

    private void sendConfigureRequest(FsmState from, FsmEvent event, long nowMillis) {
        if (!from.negotiating()) {
            protocol.resetOptions();
            naksSent = 0;
            naksReceived = 0;
        }
        byte[] data = ConfigOption.encodeAll(protocol.requestOptions());
        // RFC 1661 §5.1: a retransmission may keep its Identifier; new contents or an answered request
        // need a new one.
        boolean retransmission = event == FsmEvent.TO_PLUS && !requestAnswered && Arrays.equals(data, requestData);
        if (!retransmission) {
            identifier = (identifier + 1) & 0xFF;
            requestId = identifier;
        }
        requestData = data;
        requestAnswered = false;
        send(new ControlPacket(ControlCode.CONFIGURE_REQUEST, requestId, data));
        restartCount--;
        deadline = nowMillis + timers.restartMillis();
    }

    private void send(ControlPacket packet) {
        if (trace.debugEnabled()) {
            trace.debug("%s: sent %s", protocol.name(), describe(packet));
        }
        sender.send(protocol.protocol(), packet);
    }

    private String describe(ControlPacket packet) {
        if (packet.code() < ControlCode.CONFIGURE_REQUEST || packet.code() > ControlCode.CONFIGURE_REJECT) {
            return packet.toString();
        }
        try {
            StringBuilder out = new StringBuilder(packet.toString()).append(" [");
            List<ConfigOption> options = ConfigOption.decodeAll(packet.data());
            for (int i = 0; i < options.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(protocol.describe(options.get(i)));
            }
            return out.append(']').toString();
        } catch (MalformedPacketException e) {
            return packet + " [malformed options]";
        }
    }
}
