package org.certvpn.net;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The host's own IPv4 addresses on interfaces that are up, without loopback and link-local ones. */
public final class HostAddresses {
    private HostAddresses() {}

    /** In interface order; empty when the interfaces cannot be listed. */
    public static List<String> ipv4() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                ni.inetAddresses()
                        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                        .forEach(a -> out.add(a.getHostAddress()));
            }
        } catch (SocketException e) {
            return List.of();
        }
        return out;
    }
}
