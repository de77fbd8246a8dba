package org.certvpn.ike.wire;

import java.util.Objects;

/** Hash payload (RFC 2408 §3.11): HASH_I/HASH_R in Phase 1, HASH(1..3) in Quick Mode. */
public record HashPayload(Octets data) implements Payload {
    public HashPayload {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.HASH;
    }
}
