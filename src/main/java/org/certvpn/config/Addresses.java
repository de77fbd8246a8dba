package org.certvpn.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address literals only: configuration never triggers a DNS lookup ({@link InetAddress#getByName} would
 * resolve host names, which must not happen while loading configuration or fuzzing).
 */
public final class Addresses {
    private Addresses() {}

    /** True for an IPv4 dotted quad or an IPv6 literal. */
    public static boolean looksLikeAddress(String s) {
        return isIpv4(s) || looksLikeIpv6(s);
    }

    /**
     * An IPv4 or IPv6 literal.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static InetAddress parse(String s) {
        if (isIpv4(s)) {
            return parseIpv4(s);
        }
        if (looksLikeIpv6(s)) {
            try {
                InetAddress a = InetAddress.getByName(s.startsWith("[") ? s : "[" + s + "]");
                if (a instanceof Inet6Address) {
                    return a;
                }
            } catch (UnknownHostException | RuntimeException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("not an IP address: \"" + s + "\"");
    }

    /**
     * An IPv4 literal.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Inet4Address parseIpv4(String s) {
        if (!isIpv4(s)) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + s + "\"");
        }
        String[] parts = s.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + s + "\"");
        }
    }

    /** True for an IPv4 dotted-quad literal. */
    public static boolean isIpv4Literal(String s) {
        return isIpv4(s);
    }

    static boolean isIpv4(String s) {
        if (s == null || s.length() > 15) {
            return false;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeIpv6(String s) {
        if (s == null || s.length() < 2 || s.length() > 47 || s.indexOf(':') < 0) {
            return false;
        }
        return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '[' || c == ']');
    }

    /** Unsigned 32-bit value of an IPv4 address. */
    public static long toLong(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    public static Inet4Address fromLong(long v) {
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
