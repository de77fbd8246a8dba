package org.certvpn.gateway.host;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.certvpn.config.AddressRange;
import org.certvpn.config.Addresses;
import org.certvpn.config.GatewayConfig;
import org.certvpn.config.User;

/**
 * The nftables masquerade for the client addresses: source-NAT everything the clients send out of the
 * host's other interfaces, so the network behind the gateway needs no route back to the pool.
 *
 * <p>Everything lives in one table of our own ({@code table ip certvpn}), so removal is a single
 * {@code nft delete table} that cannot touch the admin's rules, and a leftover table from a run that
 * was killed is replaced atomically on the next start. Traffic leaving through the gateway's own TUN
 * device (client to client) is not masqueraded.
 *
 * @param table the nftables table name (family {@code ip})
 * @param sources client addresses: the pool and static addresses outside it, sorted and merged
 * @param tunInterface the gateway's TUN device, excluded as an output interface
 */
public record Masquerade(String table, List<AddressRange> sources, String tunInterface) {
    public static final String DEFAULT_TABLE = "certvpn";

    public Masquerade {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(tunInterface, "tunInterface");
        if (!table.matches("[A-Za-z][A-Za-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("not an nftables table name: " + table);
        }
        if (!tunInterface.matches("[A-Za-z0-9_.:-]{1,15}")) {
            throw new IllegalArgumentException("not an interface name: " + tunInterface);
        }
        sources = merge(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no client addresses to masquerade");
        }
    }

    /** The pool, plus users' static addresses outside it, leaving through any interface but the TUN device. */
    public static Masquerade forConfig(GatewayConfig config) {
        List<AddressRange> sources = new ArrayList<>(config.l2tp().pool());
        for (User u : config.users()) {
            u.staticAddress().ifPresent(a -> sources.add(new AddressRange(a, a)));
        }
        return new Masquerade(DEFAULT_TABLE, sources, config.tun().name());
    }

    /** Sorted, with overlapping and adjacent ranges joined: nftables refuses overlapping set elements. */
    static List<AddressRange> merge(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(r -> Addresses.toLong(r.first())));
        List<AddressRange> out = new ArrayList<>();
        for (AddressRange r : sorted) {
            if (!out.isEmpty()) {
                AddressRange last = out.getLast();
                if (Addresses.toLong(r.first()) <= Addresses.toLong(last.last()) + 1) {
                    Inet4Address end = Addresses.toLong(r.last()) > Addresses.toLong(last.last()) ? r.last() : last.last();
                    out.set(out.size() - 1, new AddressRange(last.first(), end));
                    continue;
                }
            }
            out.add(r);
        }
        return List.copyOf(out);
    }

    /** The set of source addresses in nft syntax: {@code { 192.0.2.10, 192.0.2.128-192.0.2.254 }}. */
    String sourceSet() {
        StringBuilder sb = new StringBuilder("{ ");
        for (int i = 0; i < sources.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(sources.get(i));
        }
        return sb.append(" }").toString();
    }

    /** The table's contents, in {@code nft -f} syntax. */
    public String tableDefinition() {
        return "table ip " + table + " {\n"
                + "\tchain postrouting {\n"
                + "\t\ttype nat hook postrouting priority 100; policy accept;\n"
                + "\t\tip saddr " + sourceSet() + " oifname != \"" + tunInterface + "\" masquerade"
                + " comment \"CertVPN clients\"\n"
                + "\t}\n"
                + "}\n";
    }

    /**
     * One atomic {@code nft -f} transaction that creates the table, replacing a leftover one: declaring
     * the table first makes the delete succeed whether or not it existed.
     */
    String replaceScript() {
        return "table ip " + table + "\n"
                + "delete table ip " + table + "\n"
                + tableDefinition();
    }

    /** The arguments of the {@code nft} command that removes everything this masquerade added. */
    List<String> deleteArgs() {
        return List.of("delete", "table", "ip", table);
    }

    /** The arguments of the {@code nft} command that shows the table. */
    List<String> listArgs() {
        return List.of("list", "table", "ip", table);
    }
}
