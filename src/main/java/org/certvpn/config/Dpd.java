package org.certvpn.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Dead peer detection (RFC 3706). We always answer a client's R-U-THERE; when enabled we also probe an
 * idle client every {@code delay} and declare it dead after {@code timeout} without an answer.
 */
public record Dpd(boolean enabled, Duration delay, Duration timeout, Action action) {
    /** What happens to a dead peer's SAs. */
    public enum Action {
        /** Delete the IKE and IPsec SAs and tear down the L2TP tunnel on them. */
        CLEAR,
        /** Keep the SAs until they expire; only log. */
        HOLD
    }

    public static final Dpd DEFAULT = new Dpd(true, Duration.ofSeconds(30), Duration.ofSeconds(150), Action.CLEAR);

    public Dpd {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(action, "action");
    }
}
