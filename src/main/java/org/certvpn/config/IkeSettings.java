package org.certvpn.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Gateway-wide IKE settings.
 *
 * @param listenAddress address the IKE sockets bind to (0.0.0.0 for all)
 * @param port IKE port (500)
 * @param natTPort NAT-T port (4500)
 * @param uniqueIds policy for several connections of one identity
 * @param legacyClients allow the "legacy clients" algorithms (MODP1024, MD5, 3DES) in the proposal lists;
 *     Android's built-in L2TP client offers only MODP1024, so this is on by default
 */
public record IkeSettings(InetAddress listenAddress, int port, int natTPort, UniqueIds uniqueIds, boolean legacyClients,
        boolean disconnectRevoked) {

    /** The usual settings with {@code disconnectRevoked} on: a reload that revokes a certificate ends its sessions. */
    public IkeSettings(InetAddress listenAddress, int port, int natTPort, UniqueIds uniqueIds, boolean legacyClients) {
        this(listenAddress, port, natTPort, uniqueIds, legacyClients, true);
    }

    public IkeSettings {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(uniqueIds, "uniqueIds");
    }
}
