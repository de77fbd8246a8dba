package org.certvpn.ppp.fsm;

import java.util.List;
import org.certvpn.ppp.wire.ConfigOption;
import org.certvpn.ppp.wire.ControlPacket;

/**
 * What a protocol (LCP, IPCP) plugs into the shared {@link NegotiationAutomaton}: pppd's
 * {@code fsm_callbacks} (resetci, addci, ackci, nakci, rejci, reqci, up, down, starting, finished,
 * extcode), with the per-option judgement split out so the automaton can assemble Ack/Nak/Reject
 * replies itself by the rules of RFC 1661 §5.2-5.4.
 */
public interface NegotiatedProtocol {
    /** Name for traces: "LCP", "IPCP". */
    String name();

    /** The PPP protocol number the automaton's packets are sent with. */
    int protocol();

    /** resetci: a fresh negotiation starts; go back to the options we want from the start. */
    void resetOptions();

    /** addci: the options of our next Configure-Request. */
    List<ConfigOption> requestOptions();

    /** ackci: the peer acknowledged exactly our last request (the automaton checked it byte for byte). */
    void requestAcked(List<ConfigOption> options);

    /**
     * nakci: the peer suggested other values. Returns false for a malformed Nak, which is then
     * discarded.
     *
     * @param treatAsReject Max-Failure naks were received: drop the named options instead of adopting
     *     the suggestions, so a peer that never agrees cannot keep us looping (RFC 1661 §4.6)
     */
    boolean requestNaked(List<ConfigOption> suggestions, boolean treatAsReject);

    /** rejci: the peer refuses these options (already checked to come from our last request). */
    boolean requestRejected(List<ConfigOption> rejected);

    /**
     * reqci for one option of the peer's Configure-Request.
     *
     * @param rejectIfDisagree Max-Failure naks were sent without an Ack: naks become rejects
     */
    OptionVerdict checkPeerOption(ConfigOption option, boolean rejectIfDisagree);

    /**
     * Options the peer left out but must hear about, appended to a Configure-Nak (RFC 1332 §3.3: the
     * peer's IP-Address when it did not ask for one).
     */
    default List<ConfigOption> missingPeerOptions(List<ConfigOption> request, boolean rejectIfDisagree) {
        return List.of();
    }

    /** The peer's options take effect: a Configure-Ack for them was just sent. */
    void peerOptionsAcked(List<ConfigOption> options);

    /** This-Layer-Up. */
    void up(long nowMillis);

    /** This-Layer-Down. */
    void down(long nowMillis);

    /** This-Layer-Started: the lower layer is needed. */
    default void starting(long nowMillis) {}

    /** This-Layer-Finished: the lower layer is no longer needed. */
    void finished(long nowMillis);

    /** One option as a trace shows it ("MRU=1400", "IP-Address=203.0.113.130"). */
    default String describe(ConfigOption option) {
        return option.toString();
    }

    /** How codes above Code-Reject (7) are treated; everything unknown draws a Code-Reject. */
    default CodeKind codeKind(int code) {
        return CodeKind.UNKNOWN;
    }

    /** RXR in the Opened state (Echo-Request, Echo-Reply, Discard-Request): reply or note it. */
    default void receiveRequestReply(ControlPacket packet, long nowMillis) {}

    /**
     * A Protocol-Reject arrived (only for protocols whose {@link #codeKind} has one). Returns true when
     * it is catastrophic for this protocol itself (RXJ-), false when it only concerns another protocol
     * (RXJ+), which this method then shuts down.
     */
    default boolean protocolRejectReceived(ControlPacket packet, FsmState state, long nowMillis) {
        return false;
    }

    /** Why this protocol sent a Terminate-Request or saw one: text only, for traces. */
    default void terminateRequestReceived(ControlPacket packet, FsmState state, long nowMillis) {}

    /** Classes of codes beyond the seven every protocol shares. */
    enum CodeKind {
        /** Echo-Request/Reply, Discard-Request and RFC 1570 codes: the RXR event. */
        REQUEST_REPLY,
        /** Protocol-Reject: RXJ+ or RXJ-. */
        PROTOCOL_REJECT,
        /** Not known: RUC, answered with Code-Reject. */
        UNKNOWN
    }
}
