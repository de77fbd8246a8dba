package org.certvpn.ppp.lcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.fsm.ControlSender;
import org.certvpn.ppp.fsm.FsmState;
import org.certvpn.ppp.fsm.NegotiatedProtocol;
import org.certvpn.ppp.fsm.NegotiationAutomaton;
import org.certvpn.ppp.fsm.OptionVerdict;
import org.certvpn.ppp.fsm.RestartTimers;
import org.certvpn.ppp.fsm.Trace;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.ControlCode;
import org.certvpn.ppp.wire.ControlPacket;
import org.certvpn.ppp.wire.PppProtocol;

/**
 * The Link Control Protocol on the shared automaton: option policy for MRU, Authentication-Protocol,
 * Magic-Number, PFC, ACFC and ACCM (everything else is Configure-Rejected), the Echo keepalive, and
 * Protocol-Reject in both directions. The same class serves the authenticator (which requires an
 * authentication method) and the client (which accepts one), as {@link LcpConfig} says.
 */
public final class Lcp implements NegotiatedProtocol {
    private final LcpConfig config;
    private final LcpListener listener;
    private final RandomGenerator random;
    private final ControlSender sender;
    private final Trace trace;
    private final NegotiationAutomaton automaton;

    // What we ask for in the current negotiation.
    private boolean sendMru;
    private int mruToRequest;
    private int authIndex;
    private boolean sendAuth;
    private boolean sendMagic;
    private int ourMagic;
    private boolean sendPfc;
    private boolean sendAcfc;
    private List<ConfigOption> extras;

    // What was agreed.
    private Optional<AuthMethod> agreedOurAuth = Optional.empty();
    private Optional<AuthMethod> agreedPeerAuth = Optional.empty();
    private int peerMru = LcpOption.DEFAULT_MRU;
    private int peerMagic;
    private boolean peerAcceptsPfc;
    private boolean peerAcceptsAcfc;
    private int negotiatedMagic;

    // Keepalive.
    private long nextEcho = NegotiationAutomaton.NO_DEADLINE;
    private int echoesOutstanding;
    private int extensionId;
    private long loopbacksSeen;
    private long lastNow;

    public Lcp(LcpConfig config, RestartTimers timers, ControlSender sender, LcpListener listener,
            RandomGenerator random, Trace trace) {
        this.config = config;
        this.listener = listener;
        this.random = random;
        this.sender = sender;
        this.trace = trace;
        this.extensionId = random.nextInt(256);
        this.automaton = new NegotiationAutomaton(this, timers, sender, trace, random.nextInt(256));
        resetOptions();
    }

    public NegotiationAutomaton automaton() {
        return automaton;
    }

    public boolean isOpened() {
        return automaton.isOpened();
    }

    /** The method the peer must authenticate with (authenticator side), once LCP is Opened. */
    public Optional<AuthMethod> agreedPeerAuth() {
        return agreedOurAuth;
    }

    /** The method we must authenticate with (client side), once LCP is Opened. */
    public Optional<AuthMethod> agreedOwnAuth() {
        return agreedPeerAuth;
    }

    /** The largest frame the peer accepts. */
    public int peerMru() {
        return peerMru;
    }

    /** The peer accepts frames with a one-octet Protocol field (it asked for PFC and we agreed). */
    public boolean peerAcceptsPfc() {
        return peerAcceptsPfc;
    }

    /** The peer accepts frames without FF 03 (it asked for ACFC and we agreed). */
    public boolean peerAcceptsAcfc() {
        return peerAcceptsAcfc;
    }

    /** Our Magic-Number as agreed, 0 when none was negotiated. */
    public int ourMagic() {
        return negotiatedMagic;
    }

    public int peerMagic() {
        return peerMagic;
    }

    /** Echo-Requests or Replies that carried our own Magic-Number: the link loops back. */
    public long loopbacksSeen() {
        return loopbacksSeen;
    }

    /** Handles one received LCP packet. */
    public void receive(ControlPacket packet, long nowMillis) {
        lastNow = nowMillis;
        automaton.receive(packet, nowMillis);
    }

    public long nextDeadline() {
        return Math.min(automaton.nextDeadline(), nextEcho);
    }

    public void onTimer(long nowMillis) {
        lastNow = nowMillis;
        automaton.onTimer(nowMillis);
        if (nextEcho != NegotiationAutomaton.NO_DEADLINE && nowMillis >= nextEcho) {
            if (echoesOutstanding >= config.echoFailure()) {
                nextEcho = NegotiationAutomaton.NO_DEADLINE;
                trace.info("LCP: no reply to %d Echo-Requests", echoesOutstanding);
                listener.echoTimedOut(nowMillis);
                return;
            }
            extensionId = (extensionId + 1) & 0xFF;
            sender.send(PppProtocol.LCP, new ControlPacket(ControlCode.ECHO_REQUEST, extensionId, magicBytes()));
            echoesOutstanding++;
            nextEcho = nowMillis + config.echoIntervalMillis();
        }
    }

    /**
     * Sends a Protocol-Reject for a frame of a protocol we do not speak (RFC 1661 §5.7); only in the
     * Opened state. {@code frameInformation} starts with the rejected protocol's information field.
     */
    public void sendProtocolReject(int protocol, byte[] buf, int off, int len) {
        if (!isOpened()) {
            return;
        }
        int copy = Math.max(0, Math.min(len, peerMru - ControlPacket.HEADER_LENGTH - 2));
        byte[] data = new byte[2 + copy];
        data[0] = (byte) (protocol >>> 8);
        data[1] = (byte) protocol;
        System.arraycopy(buf, off, data, 2, copy);
        extensionId = (extensionId + 1) & 0xFF;
        trace.info("LCP: Protocol-Reject for %s", PppProtocol.name(protocol));
        sender.send(PppProtocol.LCP, new ControlPacket(ControlCode.PROTOCOL_REJECT, extensionId, data));
    }

    private byte[] magicBytes() {
        int m = negotiatedMagic;
        return new byte[] {(byte) (m >>> 24), (byte) (m >>> 16), (byte) (m >>> 8), (byte) m};
    }

    // ---- NegotiatedProtocol ----

    @Override
    public String name() {
        return "LCP";
    }

    @Override
    public int protocol() {
        return PppProtocol.LCP;
    }

    @Override
    public String describe(ConfigOption o) {
        String name = LcpOption.name(o.type());
        return switch (o.type()) {
            case LcpOption.MAXIMUM_RECEIVE_UNIT -> o.dataLength() == 2 ? name + "=" + o.shortValue() : o.toString();
            case LcpOption.AUTHENTICATION_PROTOCOL -> name + "=" + describeAuth(o);
            case LcpOption.MAGIC_NUMBER, LcpOption.ASYNC_CONTROL_CHARACTER_MAP ->
                    o.dataLength() == 4 ? name + "=0x" + String.format("%08x", o.intValue()) : o.toString();
            case LcpOption.PROTOCOL_FIELD_COMPRESSION, LcpOption.ADDRESS_AND_CONTROL_FIELD_COMPRESSION ->
                    o.dataLength() == 0 ? name : o.toString();
            default -> name + (o.dataLength() == 0 ? "" : "=" + org.certvpn.common.Hex.encode(o.data()));
        };
    }

    @Override
    public void resetOptions() {
        sendMru = config.mru() != LcpOption.DEFAULT_MRU;
        mruToRequest = config.mru();
        authIndex = 0;
        sendAuth = !config.requireAuth().isEmpty();
        sendMagic = config.requestMagic();
        ourMagic = newMagic(0);
        sendPfc = config.requestPfc();
        sendAcfc = config.requestAcfc();
        extras = new ArrayList<>(config.extraOptions());
        agreedOurAuth = Optional.empty();
        agreedPeerAuth = Optional.empty();
        peerMru = LcpOption.DEFAULT_MRU;
        peerMagic = 0;
        negotiatedMagic = 0;
        peerAcceptsPfc = false;
        peerAcceptsAcfc = false;
    }

    private int newMagic(int avoid) {
        int m;
        do {
            m = random.nextInt();
        } while (m == 0 || m == avoid);
        return m;
    }

    @Override
    public List<ConfigOption> requestOptions() {
        List<ConfigOption> options = new ArrayList<>();
        if (sendMru) {
            options.add(ConfigOption.ofShort(LcpOption.MAXIMUM_RECEIVE_UNIT, mruToRequest));
        }
        if (sendAuth) {
            options.add(config.requireAuth().get(authIndex).toOption());
        }
        if (sendMagic) {
            options.add(ConfigOption.ofInt(LcpOption.MAGIC_NUMBER, ourMagic));
        }
        if (sendPfc) {
            options.add(ConfigOption.of(LcpOption.PROTOCOL_FIELD_COMPRESSION));
        }
        if (sendAcfc) {
            options.add(ConfigOption.of(LcpOption.ADDRESS_AND_CONTROL_FIELD_COMPRESSION));
        }
        options.addAll(extras);
        return options;
    }

    @Override
    public void requestAcked(List<ConfigOption> options) {
        agreedOurAuth = sendAuth ? Optional.of(config.requireAuth().get(authIndex)) : Optional.empty();
        negotiatedMagic = sendMagic ? ourMagic : 0;
    }

    @Override
    public boolean requestNaked(List<ConfigOption> suggestions, boolean treatAsReject) {
        for (ConfigOption o : suggestions) {
            switch (o.type()) {
                case LcpOption.MAXIMUM_RECEIVE_UNIT -> {
                    // We keep receiving whatever arrives; a smaller MRU only shrinks what we promise, and
                    // anything else means the peer wants the default: stop asking.
                    if (!treatAsReject && o.dataLength() == 2 && o.shortValue() >= LcpOption.MIN_MRU
                            && o.shortValue() < mruToRequest) {
                        mruToRequest = o.shortValue();
                    } else {
                        sendMru = false;
                    }
                }
                case LcpOption.AUTHENTICATION_PROTOCOL -> {
                    if (!sendAuth) {
                        continue;
                    }
                    if (treatAsReject) {
                        return authRefused("peer keeps refusing the authentication methods offered");
                    }
                    Optional<AuthMethod> suggested = AuthMethod.fromOption(o);
                    int index = suggested.map(config.requireAuth()::indexOf).orElse(-1);
                    authIndex = index >= 0 && index != authIndex ? index : authIndex + 1;
                    if (authIndex >= config.requireAuth().size()) {
                        return authRefused("peer refused every allowed authentication method "
                                + config.requireAuth() + " (suggested " + describeAuth(o) + ")");
                    }
                }
                case LcpOption.MAGIC_NUMBER -> {
                    if (treatAsReject) {
                        sendMagic = false;
                    } else {
                        ourMagic = newMagic(o.dataLength() == 4 ? o.intValue() : 0);
                    }
                }
                case LcpOption.PROTOCOL_FIELD_COMPRESSION -> sendPfc = false;
                case LcpOption.ADDRESS_AND_CONTROL_FIELD_COMPRESSION -> sendAcfc = false;
                default -> extras.removeIf(e -> e.type() == o.type());
            }
        }
        return true;
    }

    private boolean authRefused(String reason) {
        sendAuth = false;
        trace.info("LCP: %s", reason);
        listener.negotiationFailed(reason, lastNow);
        return true;
    }

    private static String describeAuth(ConfigOption o) {
        return AuthMethod.fromOption(o).map(AuthMethod::toString).orElseGet(() -> {
            if (o.dataLength() >= 2) {
                String p = PppProtocol.name(o.shortValue());
                return o.dataLength() > 2 ? p + "/" + (o.data()[2] & 0xFF) : p;
            }
            return "nothing";
        });
    }

    @Override
    public boolean requestRejected(List<ConfigOption> rejected) {
        for (ConfigOption o : rejected) {
            switch (o.type()) {
                case LcpOption.MAXIMUM_RECEIVE_UNIT -> sendMru = false;
                case LcpOption.AUTHENTICATION_PROTOCOL -> {
                    return authRefused("peer refused to authenticate (Authentication-Protocol rejected)");
                }
                case LcpOption.MAGIC_NUMBER -> sendMagic = false;
                case LcpOption.PROTOCOL_FIELD_COMPRESSION -> sendPfc = false;
                case LcpOption.ADDRESS_AND_CONTROL_FIELD_COMPRESSION -> sendAcfc = false;
                default -> extras.remove(o);
            }
        }
        return true;
    }

    @Override
    public OptionVerdict checkPeerOption(ConfigOption o, boolean rejectIfDisagree) {
        return switch (o.type()) {
            case LcpOption.MAXIMUM_RECEIVE_UNIT -> {
                if (o.dataLength() != 2) {
                    yield OptionVerdict.REJECT;
                }
                yield o.shortValue() >= LcpOption.MIN_MRU ? OptionVerdict.ACK
                        : OptionVerdict.nak(ConfigOption.ofShort(LcpOption.MAXIMUM_RECEIVE_UNIT, LcpOption.MIN_MRU));
            }
            // Meaningless over L2TP (no async HDLC), harmless to accept.
            case LcpOption.ASYNC_CONTROL_CHARACTER_MAP ->
                    o.dataLength() == 4 ? OptionVerdict.ACK : OptionVerdict.REJECT;
            case LcpOption.AUTHENTICATION_PROTOCOL -> checkPeerAuth(o);
            case LcpOption.MAGIC_NUMBER -> {
                if (o.dataLength() != 4) {
                    yield OptionVerdict.REJECT;
                }
                int magic = o.intValue();
                // RFC 1661 §6.4: zero MUST be nak'd; our own value suggests a looped-back link.
                if (magic == 0 || (sendMagic && magic == ourMagic)) {
                    yield OptionVerdict.nak(ConfigOption.ofInt(LcpOption.MAGIC_NUMBER, newMagic(ourMagic)));
                }
                yield OptionVerdict.ACK;
            }
            case LcpOption.PROTOCOL_FIELD_COMPRESSION, LcpOption.ADDRESS_AND_CONTROL_FIELD_COMPRESSION ->
                    o.dataLength() == 0 ? OptionVerdict.ACK : OptionVerdict.REJECT;
            default -> OptionVerdict.REJECT;
        };
    }

    private OptionVerdict checkPeerAuth(ConfigOption o) {
        if (config.acceptAuth().isEmpty()) {
            // The authenticator never authenticates itself to its clients.
            return OptionVerdict.REJECT;
        }
        Optional<AuthMethod> requested = AuthMethod.fromOption(o);
        if (requested.isPresent() && config.acceptAuth().contains(requested.get())) {
            return OptionVerdict.ACK;
        }
        return OptionVerdict.nak(config.acceptAuth().get(0).toOption());
    }

    /** Only options {@link #checkPeerOption} accepted get here; lengths are checked again all the same. */
    @Override
    public void peerOptionsAcked(List<ConfigOption> options) {
        peerMru = LcpOption.DEFAULT_MRU;
        peerMagic = 0;
        peerAcceptsPfc = false;
        peerAcceptsAcfc = false;
        agreedPeerAuth = Optional.empty();
        for (ConfigOption o : options) {
            switch (o.type()) {
                case LcpOption.MAXIMUM_RECEIVE_UNIT -> peerMru = o.dataLength() == 2 ? o.shortValue() : peerMru;
                case LcpOption.MAGIC_NUMBER -> peerMagic = o.dataLength() == 4 ? o.intValue() : 0;
                case LcpOption.PROTOCOL_FIELD_COMPRESSION -> peerAcceptsPfc = true;
                case LcpOption.ADDRESS_AND_CONTROL_FIELD_COMPRESSION -> peerAcceptsAcfc = true;
                case LcpOption.AUTHENTICATION_PROTOCOL -> agreedPeerAuth = AuthMethod.fromOption(o);
                default -> { }
            }
        }
    }

    @Override
    public void up(long nowMillis) {
        trace.debug("LCP up: peer MRU %d, auth %s, PFC %s, ACFC %s", peerMru,
                agreedOurAuth.or(() -> agreedPeerAuth).map(AuthMethod::toString).orElse("none"), peerAcceptsPfc,
                peerAcceptsAcfc);
        echoesOutstanding = 0;
        nextEcho = config.echoIntervalMillis() > 0 ? nowMillis + config.echoIntervalMillis()
                : NegotiationAutomaton.NO_DEADLINE;
        listener.lcpUp(nowMillis);
    }

    @Override
    public void down(long nowMillis) {
        nextEcho = NegotiationAutomaton.NO_DEADLINE;
        listener.lcpDown(nowMillis);
    }

    @Override
    public void finished(long nowMillis) {
        nextEcho = NegotiationAutomaton.NO_DEADLINE;
        listener.lcpFinished(nowMillis);
    }

    @Override
    public CodeKind codeKind(int code) {
        return switch (code) {
            case ControlCode.PROTOCOL_REJECT -> CodeKind.PROTOCOL_REJECT;
            case ControlCode.ECHO_REQUEST, ControlCode.ECHO_REPLY, ControlCode.DISCARD_REQUEST,
                    ControlCode.IDENTIFICATION, ControlCode.TIME_REMAINING -> CodeKind.REQUEST_REPLY;
            default -> CodeKind.UNKNOWN;
        };
    }

    @Override
    public void receiveRequestReply(ControlPacket packet, long nowMillis) {
        byte[] data = packet.data();
        int magic = data.length >= 4
                ? ((data[0] & 0xFF) << 24) | ((data[1] & 0xFF) << 16) | ((data[2] & 0xFF) << 8) | (data[3] & 0xFF)
                : 0;
        boolean looped = negotiatedMagic != 0 && magic == negotiatedMagic;
        switch (packet.code()) {
            case ControlCode.ECHO_REQUEST -> {
                if (looped) {
                    loopbacksSeen++;
                    trace.warning("LCP: Echo-Request carries our own Magic-Number: link looped back?");
                    return;
                }
                byte[] reply = data.length >= 4 ? data : new byte[4];
                reply = Arrays.copyOf(reply, Math.min(reply.length, peerMru - ControlPacket.HEADER_LENGTH));
                byte[] m = magicBytes();
                System.arraycopy(m, 0, reply, 0, 4);
                sender.send(PppProtocol.LCP, new ControlPacket(ControlCode.ECHO_REPLY, packet.identifier(), reply));
            }
            case ControlCode.ECHO_REPLY -> {
                if (looped) {
                    loopbacksSeen++;
                    trace.warning("LCP: Echo-Reply carries our own Magic-Number: link looped back?");
                    return;
                }
                echoesOutstanding = 0;
            }
            default -> { }
        }
    }

    @Override
    public boolean protocolRejectReceived(ControlPacket packet, FsmState state, long nowMillis) {
        if (packet.dataLength() < 2) {
            return false;
        }
        byte[] d = packet.data();
        int rejected = ((d[0] & 0xFF) << 8) | (d[1] & 0xFF);
        if (rejected == PppProtocol.LCP) {
            return true;
        }
        if (state == FsmState.OPENED) {
            trace.info("LCP: peer rejected protocol %s", PppProtocol.name(rejected));
            listener.protocolRejected(rejected, nowMillis);
        }
        return false;
    }

    @Override
    public void terminateRequestReceived(ControlPacket packet, FsmState state, long nowMillis) {
        String message = new String(packet.data(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}", "?");
        trace.info("LCP: peer sent Terminate-Request \"%s\"", message);
        if (state == FsmState.OPENED) {
            listener.terminateRequested(message, nowMillis);
        }
    }
}
