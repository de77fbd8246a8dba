package org.certvpn.ike.wire;

import java.util.Objects;

/** Signature payload (RFC 2408 §3.12): the RSA signature over HASH_I or HASH_R. */
public record SignaturePayload(Octets data) implements Payload {
    public SignaturePayload {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.SIGNATURE;
    }
}
