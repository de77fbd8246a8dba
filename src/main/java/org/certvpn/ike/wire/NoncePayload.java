package org.certvpn.ike.wire;

import java.util.Objects;

/** Nonce payload (RFC 2408 §3.13); RFC 2409 §5 requires 8 to 256 bytes, checked by the exchange rules. */
public record NoncePayload(Octets data) implements Payload {
    public NoncePayload {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.NONCE;
    }
}
