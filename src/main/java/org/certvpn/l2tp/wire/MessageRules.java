package org.certvpn.l2tp.wire;

import static org.certvpn.l2tp.wire.AvpType.*;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which AVPs each control message must and may carry (RFC 2661 §6.1 to §6.14), as data.
 *
 * <p>The Message Type AVP is implied in every rule. AVPs a message does not list are still
 * accepted (and ignored by the engines) when recognized; unrecognized ones follow the M-bit rule
 * of §4.1, which the engines apply.
 */
public final class MessageRules {

    /** What a message is about: the whole control connection, or one call (session). */
    public enum Scope { TUNNEL, SESSION }

    /**
     * The rule for one message type.
     *
     * @param section  the RFC 2661 section defining the message
     * @param required AVPs that MUST be present, in RFC order
     * @param optional AVPs that MAY be present
     */
    public record Rule(MessageType type, String section, Scope scope, List<AvpType> required, Set<AvpType> optional) {
        public Rule {
            required = List.copyOf(required);
            optional = Set.copyOf(optional);
        }
    }

    private static final List<Rule> TABLE = List.of(
            rule(MessageType.SCCRQ, "6.1", Scope.TUNNEL,
                    List.of(PROTOCOL_VERSION, HOST_NAME, FRAMING_CAPABILITIES, ASSIGNED_TUNNEL_ID),
                    List.of(BEARER_CAPABILITIES, RECEIVE_WINDOW_SIZE, CHALLENGE, TIE_BREAKER, FIRMWARE_REVISION,
                            VENDOR_NAME, RANDOM_VECTOR)),
            rule(MessageType.SCCRP, "6.2", Scope.TUNNEL,
                    List.of(PROTOCOL_VERSION, FRAMING_CAPABILITIES, HOST_NAME, ASSIGNED_TUNNEL_ID),
                    List.of(BEARER_CAPABILITIES, FIRMWARE_REVISION, VENDOR_NAME, RECEIVE_WINDOW_SIZE, CHALLENGE,
                            CHALLENGE_RESPONSE, RANDOM_VECTOR)),
            rule(MessageType.SCCCN, "6.3", Scope.TUNNEL,
                    List.of(),
                    List.of(CHALLENGE_RESPONSE, RANDOM_VECTOR)),
            rule(MessageType.STOPCCN, "6.4", Scope.TUNNEL,
                    List.of(ASSIGNED_TUNNEL_ID, RESULT_CODE),
                    List.of(RANDOM_VECTOR)),
            rule(MessageType.HELLO, "6.5", Scope.TUNNEL,
                    List.of(),
                    List.of(RANDOM_VECTOR)),
            rule(MessageType.ICRQ, "6.6", Scope.SESSION,
                    List.of(ASSIGNED_SESSION_ID, CALL_SERIAL_NUMBER),
                    List.of(BEARER_TYPE, PHYSICAL_CHANNEL_ID, CALLING_NUMBER, CALLED_NUMBER, SUB_ADDRESS, RANDOM_VECTOR)),
            rule(MessageType.ICRP, "6.7", Scope.SESSION,
                    List.of(ASSIGNED_SESSION_ID),
                    List.of(RANDOM_VECTOR)),
            rule(MessageType.ICCN, "6.8", Scope.SESSION,
                    List.of(TX_CONNECT_SPEED, FRAMING_TYPE),
                    List.of(INITIAL_RECEIVED_LCP_CONFREQ, LAST_SENT_LCP_CONFREQ, LAST_RECEIVED_LCP_CONFREQ,
                            PROXY_AUTHEN_TYPE, PROXY_AUTHEN_NAME, PROXY_AUTHEN_CHALLENGE, PROXY_AUTHEN_ID,
                            PROXY_AUTHEN_RESPONSE, PRIVATE_GROUP_ID, RX_CONNECT_SPEED, SEQUENCING_REQUIRED,
                            RANDOM_VECTOR)),
            rule(MessageType.OCRQ, "6.9", Scope.SESSION,
                    List.of(ASSIGNED_SESSION_ID, CALL_SERIAL_NUMBER, MINIMUM_BPS, MAXIMUM_BPS, BEARER_TYPE,
                            FRAMING_TYPE, CALLED_NUMBER),
                    List.of(SUB_ADDRESS, RANDOM_VECTOR)),
            rule(MessageType.OCRP, "6.10", Scope.SESSION,
                    List.of(ASSIGNED_SESSION_ID),
                    List.of(PHYSICAL_CHANNEL_ID, RANDOM_VECTOR)),
            rule(MessageType.OCCN, "6.11", Scope.SESSION,
                    List.of(TX_CONNECT_SPEED, FRAMING_TYPE),
                    List.of(RX_CONNECT_SPEED, SEQUENCING_REQUIRED, RANDOM_VECTOR)),
            rule(MessageType.CDN, "6.12", Scope.SESSION,
                    List.of(RESULT_CODE, ASSIGNED_SESSION_ID),
                    List.of(Q931_CAUSE_CODE, RANDOM_VECTOR)),
            rule(MessageType.WEN, "6.13", Scope.SESSION,
                    List.of(CALL_ERRORS),
                    List.of(RANDOM_VECTOR)),
            rule(MessageType.SLI, "6.14", Scope.SESSION,
                    List.of(ACCM),
                    List.of(RANDOM_VECTOR)));

    private static final Map<MessageType, Rule> BY_TYPE =
            TABLE.stream().collect(Collectors.toUnmodifiableMap(Rule::type, Function.identity()));

    private MessageRules() {}

    private static Rule rule(MessageType t, String section, Scope scope, List<AvpType> required, List<AvpType> optional) {
        return new Rule(t, section, scope, required, Set.copyOf(optional));
    }

    /** Every rule, in RFC order. */
    public static List<Rule> all() {
        return TABLE;
    }

    /** The rule for a message type, or null for unknown types and ZLB. */
    public static Rule rule(MessageType t) {
        return BY_TYPE.get(t);
    }

    /**
     * The first required AVP the message lacks (checking in RFC order, so the answer is stable),
     * or empty when the message is complete or its type has no rule.
     */
    public static Optional<AvpType> firstMissing(ControlMessage m) {
        Rule r = BY_TYPE.get(m.type());
        if (r == null) {
            return Optional.empty();
        }
        for (AvpType t : r.required()) {
            if (!m.has(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
