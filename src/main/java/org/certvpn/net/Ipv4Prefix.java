package org.certvpn.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 network as address/prefix length, e.g. {@code 203.0.113.128/25}. */
public record Ipv4Prefix(int network, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not 0-32");
        }
        network &= mask(length);
    }

    public static Ipv4Prefix of(Inet4Address address, int length) {
        return new Ipv4Prefix(Ipv4.toInt(address), length);
    }

    /** Parses {@code a.b.c.d/n}; a bare address means /32. */
    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        int length = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        return new Ipv4Prefix(Ipv4.parse(address), length);
    }

    public int netmask() {
        return mask(length);
    }

    public boolean contains(int address) {
        return (address & netmask()) == network;
    }

    static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public Inet4Address networkAddress() {
        return Ipv4.toAddress(network);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + length;
    }

    /** IPv4 addresses as ints (network byte order read as big-endian), the form the data path uses. */
    public static final class Ipv4 {
        private Ipv4() {}

        public static int toInt(Inet4Address address) {
            byte[] b = address.getAddress();
            return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
        }

        public static Inet4Address toAddress(int address) {
            try {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {
                    (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
            } catch (UnknownHostException e) {
                throw new AssertionError("four bytes are always an IPv4 address", e);
            }
        }

        /** Parses a dotted quad without any name lookup. */
        public static int parse(String dotted) {
            String[] parts = dotted.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            int v = 0;
            for (String p : parts) {
                int octet = Integer.parseInt(p);
                if (octet < 0 || octet > 255 || p.isEmpty()) {
                    throw new IllegalArgumentException("not an IPv4 address: " + dotted);
                }
                v = v << 8 | octet;
            }
            return v;
        }

        public static String format(int address) {
            return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "."
                    + (address & 0xFF);
        }
    }
}
