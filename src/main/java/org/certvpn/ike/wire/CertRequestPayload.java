package org.certvpn.ike.wire;

import java.util.Objects;

/**
 * Certificate Request payload (RFC 2408 §3.10): the wanted encoding and, for X.509, an optional DER
 * distinguished name of an acceptable CA (empty means any).
 */
public record CertRequestPayload(int encoding, Octets authority) implements Payload {
    public CertRequestPayload {
        Objects.requireNonNull(authority, "authority");
    }

    @Override
    public PayloadType type() {
        return PayloadType.CERTIFICATE_REQUEST;
    }
}
