package org.certvpn.ike.wire;

import java.util.Objects;

/**
 * NAT-Discovery payload (RFC 3947 §3.2): {@code HASH(CKY-I | CKY-R | IP | Port)}. The payload number is
 * 20 (RFC) or 130 (drafts 02/03), fixed by the NAT-T variant the peers agreed on.
 */
public record NatDPayload(PayloadType type, Octets hash) implements Payload {
    public NatDPayload {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(hash, "hash");
        if (!type.isNatD()) {
            throw new IllegalArgumentException("not a NAT-D payload type: " + type);
        }
    }
}
