package org.certvpn.pool;

/**
 * An inclusive range of IPv4 addresses, written as xl2tpd writes its {@code ip range}:
 * {@code 203.0.113.128-203.0.113.254} (spaces around the dash allowed) or a single address.
 *
 * @param first the lowest address of the range
 * @param last the highest address, not below {@code first} (unsigned comparison)
 */
public record Ipv4Range(int first, int last) {
    /** Ranges are held as arrays; this bounds a pool to a /12 worth of addresses. */
    public static final long MAX_SIZE = 1L << 20;

    public Ipv4Range {
        if (Integer.compareUnsigned(first, last) > 0) {
            throw new IllegalArgumentException("range starts after it ends: " + Ipv4.format(first) + "-"
                    + Ipv4.format(last));
        }
        if (Integer.toUnsignedLong(last) - Integer.toUnsignedLong(first) + 1 > MAX_SIZE) {
            throw new IllegalArgumentException("range larger than " + MAX_SIZE + " addresses");
        }
    }

    /** Parses "a.b.c.d-e.f.g.h" or "a.b.c.d"; throws {@link IllegalArgumentException} with the reason. */
    public static Ipv4Range parse(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            int address = Ipv4.parse(text.strip());
            return new Ipv4Range(address, address);
        }
        return new Ipv4Range(Ipv4.parse(text.substring(0, dash).strip()), Ipv4.parse(text.substring(dash + 1).strip()));
    }

    public int size() {
        return (int) (Integer.toUnsignedLong(last) - Integer.toUnsignedLong(first) + 1);
    }

    public boolean contains(int address) {
        return Integer.toUnsignedLong(address - first) < size();
    }

    @Override
    public String toString() {
        return Ipv4.format(first) + "-" + Ipv4.format(last);
    }
}
