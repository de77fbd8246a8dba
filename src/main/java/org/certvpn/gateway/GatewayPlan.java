package org.certvpn.gateway;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.certvpn.config.Limits;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.TunConfig;
import org.certvpn.pool.AddressPool;
import org.certvpn.ppp.PppSettings;
import org.certvpn.ppp.auth.UserDirectory;

/**
 * Everything the gateway runs with, as the engines want it: the configuration model mapped onto each
 * engine's own settings ({@link ConfigMapping}) plus the addresses to bind. Immutable.
 *
 * @param ike the IKE policy; empty only for the cleartext L2TP test mode alone
 * @param ikeAddress where UDP 500 and 4500 are bound
 * @param natTPort the NAT-T port, 4500 unless configured otherwise
 * @param l2tpCleartext where plain UDP/1701 is accepted; present only when the test mode is switched on
 * @param rawEsp receive ESP as IP protocol 50 from clients that are not behind NAT
 * @param isolateClients drop client-to-client packets
 * @param shards control-plane threads (and UDP/4500 receive loops)
 * @param disconnectRevoked a reload whose CRLs revoke a connected client's certificate ends its sessions
 */
public record GatewayPlan(
        Optional<IkeSettings> ike,
        InetSocketAddress ikeAddress,
        int natTPort,
        Optional<InetSocketAddress> l2tpCleartext,
        boolean rawEsp,
        org.certvpn.l2tp.L2tpSettings l2tp,
        PppSettings ppp,
        UserDirectory users,
        AddressPool pool,
        TunConfig tun,
        boolean isolateClients,
        Limits limits,
        Path controlSocket,
        int shards,
        boolean disconnectRevoked) {

    /** True when IKE and ESP are served (anything but the bare cleartext test mode). */
    public boolean ipsec() {
        return ike.isPresent();
    }

    public GatewayPlan {
        Objects.requireNonNull(ike, "ike");
        Objects.requireNonNull(ikeAddress, "ikeAddress");
        Objects.requireNonNull(l2tpCleartext, "l2tpCleartext");
        Objects.requireNonNull(l2tp, "l2tp");
        Objects.requireNonNull(ppp, "ppp");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(tun, "tun");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(controlSocket, "controlSocket");
        if (shards < 1) {
            throw new IllegalArgumentException("at least one shard");
        }
        if (ike.isEmpty() && l2tpCleartext.isEmpty()) {
            throw new IllegalArgumentException("nothing to serve: no IPsec and no cleartext L2TP test mode");
        }
    }
}
