package org.certvpn.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits that keep one misbehaving source from exhausting the gateway. Each refusal is logged
 * once per interval, not per packet.
 *
 * @param maxTunnelsPerSource established connections from one outer address (a hotel NAT holds many)
 * @param maxTunnelsPerUser concurrent sessions of one PPP user or certificate
 * @param maxTunnels established connections in total
 * @param maxHalfOpenPerSource IKE SAs still negotiating, per outer address
 * @param maxHalfOpen IKE SAs still negotiating, in total
 * @param maxFragmentsPerMessage IKE fragments one message may be split into
 * @param maxReassembledSize bytes of one reassembled IKE message
 * @param reassemblyTimeout how long fragments of an incomplete message are kept
 * @param maxPendingReassemblies incomplete IKE messages kept at once
 */
public record Limits(
        int maxTunnelsPerSource,
        int maxTunnelsPerUser,
        int maxTunnels,
        int maxHalfOpenPerSource,
        int maxHalfOpen,
        int maxFragmentsPerMessage,
        int maxReassembledSize,
        Duration reassemblyTimeout,
        int maxPendingReassemblies) {

    public static final Limits DEFAULT = new Limits(64, 8, 1024, 16, 1024, 16, 65535, Duration.ofSeconds(10), 256);

    public Limits {
        Objects.requireNonNull(reassemblyTimeout, "reassemblyTimeout");
    }
}
