package org.certvpn.ike.wire;

import java.util.HashMap;
import java.util.Map;

/** ISAKMP exchange types (RFC 2408 §3.1, RFC 2409 §5); unknown numbers stay values. */
public record ExchangeType(int number) {
    private static final Map<Integer, String> NAMES = new HashMap<>();

    public static final ExchangeType NONE = define(0, "NONE");
    public static final ExchangeType BASE = define(1, "Base");
    /** Main Mode. */
    public static final ExchangeType IDENTITY_PROTECTION = define(2, "Main Mode");
    public static final ExchangeType AUTHENTICATION_ONLY = define(3, "Authentication Only");
    public static final ExchangeType AGGRESSIVE = define(4, "Aggressive Mode");
    public static final ExchangeType INFORMATIONAL = define(5, "Informational");
    public static final ExchangeType TRANSACTION = define(6, "Transaction");
    public static final ExchangeType QUICK_MODE = define(32, "Quick Mode");
    public static final ExchangeType NEW_GROUP_MODE = define(33, "New Group Mode");

    public ExchangeType {
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("exchange type out of range: " + number);
        }
    }

    private static ExchangeType define(int number, String name) {
        NAMES.put(number, name);
        return new ExchangeType(number);
    }

    public static ExchangeType valueOf(int number) {
        return new ExchangeType(number);
    }

    @Override
    public String toString() {
        String name = NAMES.get(number);
        return name != null ? name : "UNKNOWN(" + number + ")";
    }
}
