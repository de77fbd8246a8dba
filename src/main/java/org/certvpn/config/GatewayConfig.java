package org.certvpn.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole gateway's configuration: immutable, typed, complete (every default already applied), and
 * the same whether it came from the native file or the classic openswan/xl2tpd/pppd files. Obtain one
 * from {@link ConfigLoader#load}; the gateway maps it onto each engine's own settings.
 */
public record GatewayConfig(
        List<Connection> connections,
        IkeSettings ike,
        L2tpSettings l2tp,
        PppSettings ppp,
        List<User> users,
        UserBinding binding,
        TunSettings tun,
        ControlSettings control,
        MetricsSettings metrics,
        Limits limits) {

    public GatewayConfig {
        connections = List.copyOf(connections);
        Objects.requireNonNull(ike, "ike");
        Objects.requireNonNull(l2tp, "l2tp");
        Objects.requireNonNull(ppp, "ppp");
        users = List.copyOf(users);
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(tun, "tun");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(limits, "limits");
    }
}
