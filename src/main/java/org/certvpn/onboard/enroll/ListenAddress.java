package org.certvpn.onboard.enroll;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code --listen ADDR:PORT}: an IPv4 address, or an IPv6 address in brackets, and a port. Only
 * literal addresses: a listen address is never looked up in DNS.
 *
 * <pre>
 * 0.0.0.0:8443   every IPv4 address     [::]:8443   every address
 * 192.0.2.10:8443                       [2001:db8::1]:8443
 * </pre>
 */
public final class ListenAddress {
    private ListenAddress() {}

    /** @throws IllegalArgumentException with a message for the admin */
    public static InetSocketAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            throw new IllegalArgumentException("not ADDRESS:PORT: \"" + text + "\"");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("not [IPv6]:PORT: \"" + text + "\"");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("not ADDRESS:PORT (write an IPv6 address in brackets): \"" + text + "\"");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        InetAddress address = literal(host, text);
        if (text.startsWith("[") != (address instanceof Inet6Address)) {
            throw new IllegalArgumentException("brackets are for IPv6 addresses only: \"" + text + "\"");
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a port number: \"" + port + "\"");
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            throw new IllegalArgumentException("port out of range: " + p);
        }
        return new InetSocketAddress(address, p);
    }

    private static InetAddress literal(String host, String text) {
        // ofLiteral accepts forms like "1.2" or "0x7f.1" that nobody means; ask for four decimal parts.
        if (host.indexOf(':') < 0 && !host.matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}")) {
            throw new IllegalArgumentException("not an IP address: \"" + host + "\" in \"" + text + "\"");
        }
        if (host.indexOf('%') >= 0) {
            throw new IllegalArgumentException("scoped IPv6 addresses are not supported: \"" + text + "\"");
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address: \"" + host + "\" in \"" + text + "\"");
        }
    }
}
