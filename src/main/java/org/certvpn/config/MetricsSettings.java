package org.certvpn.config;

import java.net.InetAddress;
import java.util.Objects;

/** The metrics HTTP endpoint; on loopback unless the admin decides otherwise. */
public record MetricsSettings(boolean enabled, InetAddress address, int port) {
    public static final int DEFAULT_PORT = 9105;

    public MetricsSettings {
        Objects.requireNonNull(address, "address");
    }
}
