package org.certvpn.gateway;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certvpn.config.AddressRange;
import org.certvpn.config.GatewayConfig;
import org.certvpn.config.PppAuthMethod;
import org.certvpn.config.User;
import org.certvpn.config.UserBinding;
import org.certvpn.net.Ipv4Prefix;
import org.certvpn.net.TunConfig;
import org.certvpn.pool.AddressPool;
import org.certvpn.pool.Ipv4Range;
import org.certvpn.ppp.PppSettings;
import org.certvpn.ppp.auth.AuthMethod;
import org.certvpn.ppp.auth.BindingPolicy;
import org.certvpn.ppp.auth.PppUser;
import org.certvpn.ppp.auth.UserDirectory;

/**
 * Maps the configuration model onto each engine's own settings. Configuration knows nothing of engines
 * and engines nothing of configuration; this is the one place that knows both.
 */
public final class ConfigMapping {
    private ConfigMapping() {}

    /** A configuration the gateway cannot run, with the reason in one line. */
    public static final class UnsupportedConfigException extends Exception {
        public UnsupportedConfigException(String message) {
            super(message);
        }
    }

    public static GatewayPlan plan(GatewayConfig config, int shards) throws UnsupportedConfigException {
        var l2tp = config.l2tp();
        boolean ipsec = !config.connections().isEmpty();
        if (!ipsec && !l2tp.cleartextTestMode()) {
            throw new UnsupportedConfigException("no IPsec connection is configured (and the cleartext L2TP test mode is off)");
        }
        if (ipsec) {
            throw new UnsupportedConfigException("IPsec connections are not served by this build yet; "
                    + "only the cleartext L2TP test mode ([l2tp] cleartext-test-mode = true, no [[connection]]) runs");
        }
        Inet4Address local = l2tp.localIp();
        AddressPool pool = pool(config, local);
        Optional<InetSocketAddress> cleartext = l2tp.cleartextTestMode()
                ? Optional.of(new InetSocketAddress(l2tp.listenAddress(), l2tp.port()))
                : Optional.empty();
        return new GatewayPlan(
                ipsec,
                new InetSocketAddress(l2tp.listenAddress(), 500),
                cleartext,
                true,
                l2tpEngine(config),
                pppEngine(config),
                users(config),
                pool,
                tun(config, pool),
                config.tun().isolateClients(),
                config.limits(),
                config.control().socket(),
                shards);
    }

    static org.certvpn.l2tp.L2tpSettings l2tpEngine(GatewayConfig config) {
        var l = config.l2tp();
        org.certvpn.l2tp.L2tpSettings s = org.certvpn.l2tp.L2tpSettings.defaults()
                .withHostName(l.hostname())
                .withHelloInterval(l.helloDelay())
                .withRetransmission(l.ctrlRetransDelay(), l.capBackoff(), l.ctrlRetransMax())
                .withLengthBit(l.lengthBit());
        if (l.tunnelSecret().isPresent()) {
            // Answer a LAC's Challenge and authenticate ourselves; never demand a Challenge Response,
            // which some Android builds do not send.
            s = s.withSecret(l.tunnelSecret().get().reveal(), true, false);
        }
        return s;
    }

    static PppSettings pppEngine(GatewayConfig config) {
        var p = config.ppp();
        List<AuthMethod> methods = new ArrayList<>();
        for (PppAuthMethod m : p.authMethods()) {
            methods.add(switch (m) {
                case MSCHAP_V2 -> AuthMethod.MSCHAP_V2;
                case CHAP_MD5 -> AuthMethod.CHAP_MD5;
                case PAP -> AuthMethod.PAP;
            });
        }
        return PppSettings.defaults(p.name(), config.l2tp().localIp())
                .withAuthMethods(methods)
                .withBinding(binding(config.binding()))
                .withServers(p.dns(), p.wins())
                .withEcho(p.lcpEchoInterval().toMillis(), p.lcpEchoFailure())
                .withMru(p.mru(), false);
    }

    static BindingPolicy binding(UserBinding b) {
        return switch (b.mode()) {
            case REQUIRE -> BindingPolicy.REQUIRE;
            case OFF -> BindingPolicy.OFF;
            case MAP -> {
                Map<String, Set<String>> allowed = new HashMap<>();
                b.map().forEach((cn, user) -> allowed.computeIfAbsent(cn, k -> new LinkedHashSet<>()).add(user));
                yield BindingPolicy.map(allowed);
            }
        };
    }

    /** chap-secrets semantics: an entry applies when its server column is {@code *} or names this gateway. */
    static UserDirectory users(GatewayConfig config) {
        Map<String, PppUser> users = new HashMap<>();
        String me = config.ppp().name();
        for (User u : config.users()) {
            if (u.server().equals("*") || u.server().equals(me) || u.server().equals(config.l2tp().hostname())) {
                users.put(u.name(), new PppUser(u.name(), u.password().reveal(), u.staticAddress()));
            }
        }
        return UserDirectory.of(users);
    }

    static AddressPool pool(GatewayConfig config, Inet4Address local) throws UnsupportedConfigException {
        List<AddressRange> ranges = config.l2tp().pool();
        if (ranges.isEmpty()) {
            throw new UnsupportedConfigException("the L2TP address pool is empty");
        }
        if (ranges.size() > 1) {
            throw new UnsupportedConfigException("several pool ranges are not supported; merge them into one range");
        }
        AddressRange r = ranges.getFirst();
        Ipv4Range range = new Ipv4Range(Ipv4Addresses.toInt(r.first()), Ipv4Addresses.toInt(r.last()));
        List<Integer> statics = new ArrayList<>();
        for (User u : config.users()) {
            u.staticAddress().ifPresent(a -> statics.add(Ipv4Addresses.toInt(a)));
        }
        int localInt = Ipv4Addresses.toInt(local);
        if (statics.contains(localInt)) {
            throw new UnsupportedConfigException("a user's static address is the gateway's own tunnel address "
                    + local.getHostAddress());
        }
        return AddressPool.of(range, statics, List.of(localInt));
    }

    /** The TUN device holds the gateway's address; the pool's range is routed to it. */
    static TunConfig tun(GatewayConfig config, AddressPool pool) {
        Inet4Address address = config.tun().address();
        List<Ipv4Prefix> routes = new ArrayList<>();
        Ipv4Range range = pool.range();
        for (Ipv4Prefix p : cover(range.first(), range.last())) {
            routes.add(p);
        }
        int mtu = Math.max(576, config.ppp().mtu());
        return new TunConfig(config.tun().name(), address, 32, mtu, routes, false);
    }

    /** The fewest CIDR prefixes exactly covering [first, last]. */
    static List<Ipv4Prefix> cover(int first, int last) {
        List<Ipv4Prefix> out = new ArrayList<>();
        long start = Integer.toUnsignedLong(first);
        long end = Integer.toUnsignedLong(last);
        while (start <= end) {
            int length = 32;
            while (length > 0) {
                long size = 1L << (32 - (length - 1));
                if ((start & (size - 1)) != 0 || start + size - 1 > end) {
                    break;
                }
                length--;
            }
            out.add(new Ipv4Prefix((int) start, length));
            start += 1L << (32 - length);
        }
        return out;
    }
}
