package org.certvpn.ike.wire;

import java.util.Objects;

/** Key Exchange payload (RFC 2408 §3.7): the DH public value, in the group's fixed-length encoding. */
public record KeyExchangePayload(Octets data) implements Payload {
    public KeyExchangePayload {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.KEY_EXCHANGE;
    }
}
