package org.certvpn.config;

import java.time.Duration;
import java.util.Objects;

/**
 * NAT traversal (RFC 3947/3948 and drafts 02/03).
 *
 * @param enabled offer NAT-T to clients that support it
 * @param forceEncapsulation make the client look NATed so it always uses ESP-in-UDP on 4500 (libreswan
 *     {@code encapsulation=yes}, strongSwan {@code forceencaps=yes})
 * @param keepalive interval of the 1-byte NAT keepalives we send to clients behind NAT
 */
public record NatTraversal(boolean enabled, boolean forceEncapsulation, Duration keepalive) {
    public static final NatTraversal DEFAULT = new NatTraversal(true, false, Duration.ofSeconds(20));

    public NatTraversal {
        Objects.requireNonNull(keepalive, "keepalive");
    }
}
