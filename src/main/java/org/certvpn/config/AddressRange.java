package org.certvpn.config;

import java.net.Inet4Address;
import java.util.Objects;

/** An inclusive IPv4 range of the client address pool, as in xl2tpd's {@code ip range = a - b}. */
public record AddressRange(Inet4Address first, Inet4Address last) {
    public AddressRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (Addresses.toLong(first) > Addresses.toLong(last)) {
            throw new IllegalArgumentException("range " + first.getHostAddress() + " - " + last.getHostAddress()
                    + " ends before it starts");
        }
    }

    public long size() {
        return Addresses.toLong(last) - Addresses.toLong(first) + 1;
    }

    public boolean contains(Inet4Address a) {
        long v = Addresses.toLong(a);
        return v >= Addresses.toLong(first) && v <= Addresses.toLong(last);
    }

    public boolean overlaps(AddressRange o) {
        return Addresses.toLong(first) <= Addresses.toLong(o.last) && Addresses.toLong(o.first) <= Addresses.toLong(last);
    }

    /**
     * Parses {@code a - b} (spaces optional), {@code a-n} (last octet only, xl2tpd style), a single address,
     * or a CIDR block {@code a/n} (network and broadcast addresses excluded for /30 and larger).
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static AddressRange parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash > 0) {
            Inet4Address net = Addresses.parseIpv4(t.substring(0, slash).strip());
            String bitsText = t.substring(slash + 1).strip();
            if (bitsText.isEmpty() || bitsText.length() > 2 || !bitsText.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad prefix length in \"" + t + "\"");
            }
            int bits = Integer.parseInt(bitsText);
            if (bits < 1 || bits > 32) {
                throw new IllegalArgumentException("bad prefix length in \"" + t + "\"");
            }
            long mask = bits == 32 ? 0xFFFFFFFFL : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            long base = Addresses.toLong(net) & mask;
            long top = base | (~mask & 0xFFFFFFFFL);
            if (bits <= 30) {
                base++;
                top--;
            }
            return new AddressRange(Addresses.fromLong(base), Addresses.fromLong(top));
        }
        int dash = t.indexOf('-');
        if (dash < 0) {
            Inet4Address a = Addresses.parseIpv4(t);
            return new AddressRange(a, a);
        }
        String left = t.substring(0, dash).strip();
        String right = t.substring(dash + 1).strip();
        Inet4Address first = Addresses.parseIpv4(left);
        Inet4Address last;
        if (Addresses.isIpv4(right)) {
            last = Addresses.parseIpv4(right);
        } else if (!right.isEmpty() && right.length() <= 3 && right.chars().allMatch(Character::isDigit)
                && Integer.parseInt(right) <= 255) {
            last = Addresses.fromLong((Addresses.toLong(first) & 0xFFFFFF00L) | Integer.parseInt(right));
        } else {
            throw new IllegalArgumentException("not an address range: \"" + t + "\"");
        }
        return new AddressRange(first, last);
    }

    @Override
    public String toString() {
        return first.equals(last) ? first.getHostAddress() : first.getHostAddress() + "-" + last.getHostAddress();
    }
}
