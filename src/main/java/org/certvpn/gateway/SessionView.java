package org.certvpn.gateway;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * One session as {@code certvpn status} shows it.
 *
 * @param outer the client's address and port (after NAT)
 * @param local our address the client sends to ("-" in the cleartext test mode)
 */
public record SessionView(
        String user,
        Optional<String> certificateSubject,
        InetSocketAddress outer,
        String local,
        Optional<String> tunnelAddress,
        Instant since,
        long bytesIn,
        long bytesOut,
        long idleMillis,
        String label) {

    static SessionView of(SessionContext s, long nowMillis) {
        return new SessionView(
                s.user().orElse("-"),
                s.peer().identity().flatMap(i -> i.subject()).map(p -> p.getName()),
                s.peer().outer(),
                s.peer().localAddress() == null ? "-" : s.peer().localAddress().getHostAddress(),
                s.address().map(a -> a.getHostAddress()),
                s.since(),
                s.bytesIn(),
                s.bytesOut(),
                s.lastActivityMillis() == 0 ? -1 : Math.max(0, nowMillis - s.lastActivityMillis()),
                s.label());
    }
}
