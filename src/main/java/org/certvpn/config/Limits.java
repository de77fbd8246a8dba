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
 * @param loginThrottle how failed PPP logins slow down further attempts
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
        int maxPendingReassemblies,
        LoginThrottle loginThrottle) {

    public static final Limits DEFAULT = new Limits(64, 8, 1024, 16, 1024, 16, 65535, Duration.ofSeconds(10), 256,
            LoginThrottle.DEFAULT);

    public Limits {
        Objects.requireNonNull(reassemblyTimeout, "reassemblyTimeout");
        Objects.requireNonNull(loginThrottle, "loginThrottle");
    }

    /** The limits with the default login throttle. */
    public Limits(int maxTunnelsPerSource, int maxTunnelsPerUser, int maxTunnels, int maxHalfOpenPerSource,
            int maxHalfOpen, int maxFragmentsPerMessage, int maxReassembledSize, Duration reassemblyTimeout,
            int maxPendingReassemblies) {
        this(maxTunnelsPerSource, maxTunnelsPerUser, maxTunnels, maxHalfOpenPerSource, maxHalfOpen,
                maxFragmentsPerMessage, maxReassembledSize, reassemblyTimeout, maxPendingReassemblies,
                LoginThrottle.DEFAULT);
    }

    public Limits withLoginThrottle(LoginThrottle throttle) {
        return new Limits(maxTunnelsPerSource, maxTunnelsPerUser, maxTunnels, maxHalfOpenPerSource, maxHalfOpen,
                maxFragmentsPerMessage, maxReassembledSize, reassemblyTimeout, maxPendingReassemblies, throttle);
    }

    /**
     * Failed PPP logins, counted per user name and per source address: the first {@code freeFailures} cost
     * nothing, each further one blocks that user and that source for {@code backoff}, doubled per failure up
     * to {@code maxBackoff}. With {@code lockoutAfter > 0}, that many failures block them for
     * {@code lockout} instead. A successful login clears both counts. Blocked attempts are refused even
     * with the right password.
     */
    public record LoginThrottle(int freeFailures, Duration backoff, Duration maxBackoff, int lockoutAfter,
            Duration lockout) {
        /** Five free failures, then 2 s doubling up to 5 min; no lockout. */
        public static final LoginThrottle DEFAULT = new LoginThrottle(5, Duration.ofSeconds(2), Duration.ofMinutes(5),
                0, Duration.ofMinutes(30));

        public LoginThrottle {
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(lockout, "lockout");
            if (freeFailures < 0 || lockoutAfter < 0) {
                throw new IllegalArgumentException("failure counts cannot be negative");
            }
        }

        public boolean lockoutEnabled() {
            return lockoutAfter > 0;
        }
    }
}
