package org.certvpn.ike.v1;

import java.util.EnumMap;
import java.util.Map;
import org.certvpn.ike.wire.PayloadType;
import org.certvpn.ike.wire.Payloads;

/**
 * Which payloads each IKEv1 message may and must carry (RFC 2409 §5, RFC 3947, RFC 3706), as data.
 * Payload types CertVPN does not know are ignored wherever they appear; a known payload in a message
 * whose rule does not list it is an error. NAT-D and NAT-OA count the same in both numberings.
 */
final class PayloadRules {

    /** The messages of the exchanges CertVPN speaks, named as in RFC 2409. */
    enum Message {
        MAIN_MODE_1("Main Mode message 1"),
        MAIN_MODE_2("Main Mode message 2"),
        MAIN_MODE_3("Main Mode message 3"),
        MAIN_MODE_4("Main Mode message 4"),
        MAIN_MODE_5("Main Mode message 5"),
        MAIN_MODE_6("Main Mode message 6"),
        AGGRESSIVE_1("Aggressive Mode message 1"),
        AGGRESSIVE_2("Aggressive Mode message 2"),
        AGGRESSIVE_3("Aggressive Mode message 3"),
        QUICK_MODE_1("Quick Mode message 1"),
        QUICK_MODE_2("Quick Mode message 2"),
        QUICK_MODE_3("Quick Mode message 3"),
        INFORMATIONAL("Informational");

        private final String text;

        Message(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** How often a payload kind may appear. */
    enum Count {
        ONE(1, 1), OPTIONAL(0, 1), ANY(0, Integer.MAX_VALUE);

        final int min;
        final int max;

        Count(int min, int max) {
            this.min = min;
            this.max = max;
        }
    }

    /** Payload kinds; the NAT-T numberings fold together. */
    enum Kind {
        SA, KE, ID, CERT, CERTREQ, HASH, SIG, NONCE, N, D, VID, NAT_D, NAT_OA, FRAGMENT, UNKNOWN;

        static Kind of(PayloadType t) {
            return switch (t.number()) {
                case 1 -> SA;
                case 4 -> KE;
                case 5 -> ID;
                case 6 -> CERT;
                case 7 -> CERTREQ;
                case 8 -> HASH;
                case 9 -> SIG;
                case 10 -> NONCE;
                case 11 -> N;
                case 12 -> D;
                case 13 -> VID;
                case 20, 130 -> NAT_D;
                case 21, 131 -> NAT_OA;
                case 132 -> FRAGMENT;
                default -> UNKNOWN;
            };
        }
    }

    private record Rule(Map<Kind, Count> counts, Kind first) {}

    private static final Map<Message, Rule> RULES = new EnumMap<>(Message.class);

    private static void rule(Message m, Kind first, Object... kindCountPairs) {
        Map<Kind, Count> counts = new EnumMap<>(Kind.class);
        for (int i = 0; i < kindCountPairs.length; i += 2) {
            counts.put((Kind) kindCountPairs[i], (Count) kindCountPairs[i + 1]);
        }
        RULES.put(m, new Rule(counts, first));
    }

    static {
        Count one = Count.ONE;
        Count opt = Count.OPTIONAL;
        Count any = Count.ANY;
        rule(Message.MAIN_MODE_1, null, Kind.SA, one, Kind.VID, any, Kind.N, any);
        rule(Message.MAIN_MODE_2, null, Kind.SA, one, Kind.VID, any, Kind.N, any);
        rule(Message.MAIN_MODE_3, null, Kind.KE, one, Kind.NONCE, one, Kind.NAT_D, any, Kind.VID, any, Kind.CERTREQ, any,
                Kind.N, any);
        rule(Message.MAIN_MODE_4, null, Kind.KE, one, Kind.NONCE, one, Kind.NAT_D, any, Kind.VID, any, Kind.CERTREQ, any,
                Kind.N, any);
        rule(Message.MAIN_MODE_5, null, Kind.ID, one, Kind.HASH, opt, Kind.SIG, opt, Kind.CERT, any, Kind.CERTREQ, any,
                Kind.N, any, Kind.VID, any);
        rule(Message.MAIN_MODE_6, null, Kind.ID, one, Kind.HASH, opt, Kind.SIG, opt, Kind.CERT, any, Kind.N, any,
                Kind.VID, any);
        rule(Message.AGGRESSIVE_1, null, Kind.SA, one, Kind.KE, one, Kind.NONCE, one, Kind.ID, one, Kind.VID, any,
                Kind.CERTREQ, any);
        rule(Message.AGGRESSIVE_2, null, Kind.SA, one, Kind.KE, one, Kind.NONCE, one, Kind.ID, one, Kind.HASH, opt,
                Kind.SIG, opt, Kind.CERT, any, Kind.CERTREQ, any, Kind.NAT_D, any, Kind.VID, any);
        rule(Message.AGGRESSIVE_3, null, Kind.HASH, one, Kind.NAT_D, any, Kind.N, any, Kind.VID, any);
        rule(Message.QUICK_MODE_1, Kind.HASH, Kind.HASH, one, Kind.SA, one, Kind.NONCE, one, Kind.KE, opt, Kind.ID, any,
                Kind.NAT_OA, any, Kind.N, any);
        rule(Message.QUICK_MODE_2, Kind.HASH, Kind.HASH, one, Kind.SA, one, Kind.NONCE, one, Kind.KE, opt, Kind.ID, any,
                Kind.NAT_OA, any, Kind.N, any);
        rule(Message.QUICK_MODE_3, Kind.HASH, Kind.HASH, one);
        rule(Message.INFORMATIONAL, Kind.HASH, Kind.HASH, one, Kind.N, any, Kind.D, any);
    }

    private PayloadRules() {}

    /**
     * Checks {@code payloads} against the rule for {@code message}.
     *
     * @return null when they conform, else one line naming the problem
     */
    static String check(Message message, Payloads payloads) {
        Rule rule = RULES.get(message);
        Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
        for (int i = 0; i < payloads.size(); i++) {
            Kind k = Kind.of(payloads.get(i).type());
            if (k == Kind.UNKNOWN) {
                continue;
            }
            if (i == 0 && rule.first() != null && k != rule.first()) {
                return message + " must start with " + rule.first() + ", not " + payloads.get(i).type();
            }
            if (!rule.counts().containsKey(k)) {
                return message + " may not carry " + payloads.get(i).type();
            }
            seen.merge(k, 1, Integer::sum);
        }
        if (rule.first() != null && payloads.size() == 0) {
            return message + " is empty";
        }
        for (Map.Entry<Kind, Count> e : rule.counts().entrySet()) {
            int n = seen.getOrDefault(e.getKey(), 0);
            if (n < e.getValue().min) {
                return message + " lacks " + e.getKey();
            }
            if (n > e.getValue().max) {
                return message + " carries " + n + " " + e.getKey() + " payloads";
            }
        }
        return null;
    }
}
