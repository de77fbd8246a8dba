package org.certvpn.pool;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as {@code int}s (network byte order, so 192.0.2.1 is 0xC0000201), strictly parsed. */
public final class Ipv4 {
    private Ipv4() {}

    /**
     * Parses a dotted quad ("203.0.113.7"): four decimal octets 0-255, no leading '+', no host names
     * (so no resolver is ever consulted).
     */
    public static int parse(String text) {
        int value = 0;
        int octets = 0;
        int i = 0;
        int n = text.length();
        while (octets < 4) {
            int start = i;
            int octet = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && i - start < 3) {
                octet = octet * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i == start || octet > 255 || (i - start > 1 && text.charAt(start) == '0')) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + text + "\"");
            }
            value = (value << 8) | octet;
            octets++;
            if (octets < 4) {
                if (i >= n || text.charAt(i) != '.') {
                    throw new IllegalArgumentException("not an IPv4 address: \"" + text + "\"");
                }
                i++;
            }
        }
        if (i != n) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + text + "\"");
        }
        return value;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    public static int of(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    public static Inet4Address toInet(int address) {
        byte[] b = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets are always a valid IPv4 address", e);
        }
    }
}
