package org.certvpn.ike.wire;

import java.util.Objects;

/** A payload whose type CertVPN does not know, kept as its raw body so that it can be traced and skipped. */
public record UnknownPayload(PayloadType type, Octets body) implements Payload {
    public UnknownPayload {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
    }
}
