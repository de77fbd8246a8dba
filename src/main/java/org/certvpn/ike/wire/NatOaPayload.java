package org.certvpn.ike.wire;

import java.util.Objects;

/**
 * NAT Original Address payload (RFC 3947 §5.1), sent in Quick Mode for transport mode behind NAT.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !    ID Type    !   RESERVED    !            RESERVED           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !         IPv4 (4 octets) or IPv6 address (16 octets)           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record NatOaPayload(PayloadType type, int idType, Octets address) implements Payload {
    public NatOaPayload {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(address, "address");
        if (!type.isNatOa()) {
            throw new IllegalArgumentException("not a NAT-OA payload type: " + type);
        }
    }
}
