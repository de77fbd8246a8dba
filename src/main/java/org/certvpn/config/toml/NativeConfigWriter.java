package org.certvpn.config.toml;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.certvpn.config.AddressRange;
import org.certvpn.config.CertificateFile;
import org.certvpn.config.Connection;
import org.certvpn.config.CrlFile;
import org.certvpn.config.GatewayConfig;
import org.certvpn.config.L2tpSettings;
import org.certvpn.config.Limits;
import org.certvpn.config.PeerId;
import org.certvpn.config.PppAuthMethod;
import org.certvpn.config.PppSettings;
import org.certvpn.config.PreSharedKey;
import org.certvpn.config.Secret;
import org.certvpn.config.User;
import org.certvpn.config.Values;
import org.tomlj.Toml;

/**
 * Writes a model as a native TOML file with every value explicit, so that reading the output gives an
 * equal model ({@code config convert}); with {@code maskSecrets} the same text shows the effective
 * configuration without revealing PSKs, passwords or passphrases ({@code config check}).
 */
public final class NativeConfigWriter {
    private final StringBuilder out = new StringBuilder();
    private final boolean maskSecrets;

    private NativeConfigWriter(boolean maskSecrets) {
        this.maskSecrets = maskSecrets;
    }

    public static String write(GatewayConfig c, boolean maskSecrets, String header) {
        NativeConfigWriter w = new NativeConfigWriter(maskSecrets);
        if (header != null && !header.isEmpty()) {
            for (String line : header.split("\n", -1)) {
                w.out.append("# ").append(line).append('\n');
            }
            w.out.append('\n');
        }
        w.config(c);
        return w.out.toString();
    }

    private void config(GatewayConfig c) {
        section("ike");
        kv("listen", address(c.ike().listenAddress()));
        kv("port", c.ike().port());
        kv("nat-t-port", c.ike().natTPort());
        kv("uniqueids", str(c.ike().uniqueIds().name().toLowerCase()));
        kv("legacy-clients", c.ike().legacyClients());
        kv("on-revocation", str(c.ike().disconnectRevoked() ? "disconnect" : "keep"));
        for (Connection conn : c.connections()) {
            connection(conn);
        }
        l2tp(c.l2tp());
        ppp(c.ppp());
        for (User u : c.users()) {
            out.append("\n[[user]]\n");
            kv("name", str(u.name()));
            kv("password", secret(u.password()));
            kv("server", str(u.server()));
            u.staticAddress().ifPresent(a -> kv("static-address", address(a)));
        }
        section("binding");
        kv("mode", str(c.binding().mode().name().toLowerCase()));
        if (!c.binding().map().isEmpty()) {
            section("binding.map");
            for (Map.Entry<String, String> e : c.binding().map().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                kv(str(e.getKey()), str(e.getValue()));
            }
        }
        section("tun");
        kv("name", str(c.tun().name()));
        kv("address", address(c.tun().address()));
        kv("isolate-clients", c.tun().isolateClients());
        section("control");
        kv("socket", path(c.control().socket()));
        section("metrics");
        kv("enabled", c.metrics().enabled());
        kv("listen", address(c.metrics().address()));
        kv("port", c.metrics().port());
        Limits l = c.limits();
        section("limits");
        kv("max-tunnels-per-source", l.maxTunnelsPerSource());
        kv("max-tunnels-per-user", l.maxTunnelsPerUser());
        kv("max-tunnels", l.maxTunnels());
        kv("max-half-open-per-source", l.maxHalfOpenPerSource());
        kv("max-half-open", l.maxHalfOpen());
        kv("max-fragments-per-message", l.maxFragmentsPerMessage());
        kv("max-reassembled-size", l.maxReassembledSize());
        kv("reassembly-timeout", duration(l.reassemblyTimeout()));
        kv("max-pending-reassemblies", l.maxPendingReassemblies());
        kv("login-free-failures", l.loginThrottle().freeFailures());
        kv("login-backoff", duration(l.loginThrottle().backoff()));
        kv("login-backoff-max", duration(l.loginThrottle().maxBackoff()));
        kv("login-lockout-after", l.loginThrottle().lockoutAfter());
        kv("login-lockout", duration(l.loginThrottle().lockout()));
    }

    private void connection(Connection c) {
        out.append("\n[[connection]]\n");
        kv("name", str(c.name()));
        kv("auth", str(c.authMethod().keyword()));
        c.localAddress().ifPresent(a -> kv("local-address", address(a)));
        c.remoteAddress().ifPresent(a -> kv("remote-address", address(a)));
        kv("local-id", str(c.localId().toString()));
        kv("remote-ids", list(c.remoteIds(), PeerId::toString));
        if (c.credential().isPresent()) {
            var cred = c.credential().get();
            kv("certificate", path(cred.certificate().path()));
            kv("key", path(cred.key().path()));
            cred.key().passphrase().ifPresent(p -> kv("key-passphrase", secret(p)));
        }
        if (!c.trustedCas().isEmpty()) {
            kv("trusted-cas", list(c.trustedCas(), (CertificateFile f) -> f.path().toString()));
        }
        c.requiredCa().ifPresent(p -> kv("required-ca", str(p.text())));
        if (!c.crls().isEmpty()) {
            kv("crls", list(c.crls(), (CrlFile f) -> f.path().toString()));
        }
        kv("ike-proposals", list(c.ikeProposals(), Object::toString));
        kv("esp-proposals", list(c.espProposals(), Object::toString));
        kv("require-pfs", c.requirePfs());
        kv("ike-lifetime", duration(c.ikeLifetime()));
        kv("sa-lifetime", duration(c.saLifetime()));
        kv("rekey-margin", duration(c.rekeyMargin()));
        kv("fragmentation", c.fragmentation());
        if (c.aggressiveMode() || c.authMethod() == org.certvpn.config.AuthMethod.PSK) {
            kv("aggressive-mode", c.aggressiveMode());
        }
        for (PreSharedKey psk : c.preSharedKeys()) {
            out.append("\n[[connection.psk]]\n");
            kv("ids", list(psk.ids(), PeerId::toString));
            kv("secret", secret(psk.secret()));
        }
        section("connection.dpd");
        kv("enabled", c.dpd().enabled());
        kv("delay", duration(c.dpd().delay()));
        kv("timeout", duration(c.dpd().timeout()));
        kv("action", str(c.dpd().action().name().toLowerCase()));
        section("connection.nat-traversal");
        kv("enabled", c.natTraversal().enabled());
        kv("force-encapsulation", c.natTraversal().forceEncapsulation());
        kv("keepalive", duration(c.natTraversal().keepalive()));
    }

    private void l2tp(L2tpSettings l) {
        section("l2tp");
        kv("listen", address(l.listenAddress()));
        kv("port", l.port());
        kv("hostname", str(l.hostname()));
        kv("local-ip", address(l.localIp()));
        kv("pool", list(l.pool(), AddressRange::toString));
        kv("length-bit", l.lengthBit());
        l.tunnelSecret().ifPresent(s -> kv("tunnel-secret", secret(s)));
        kv("hello-delay", duration(l.helloDelay()));
        kv("ctrl-retrans-delay", duration(l.ctrlRetransDelay()));
        kv("ctrl-retrans-max", l.ctrlRetransMax());
        kv("cap-backoff", duration(l.capBackoff()));
        kv("cleartext-test-mode", l.cleartextTestMode());
    }

    private void ppp(PppSettings p) {
        section("ppp");
        kv("name", str(p.name()));
        kv("require-authentication", p.requireAuthentication());
        if (p.requireAuthentication()) {
            kv("auth", list(p.authMethods(), PppAuthMethod::keyword));
        }
        kv("ms-dns", list(p.dns(), InetAddress::getHostAddress));
        kv("ms-wins", list(p.wins(), InetAddress::getHostAddress));
        kv("mtu", p.mtu());
        kv("mru", p.mru());
        kv("lcp-echo-interval", duration(p.lcpEchoInterval()));
        kv("lcp-echo-failure", p.lcpEchoFailure());
    }

    private void section(String name) {
        out.append('\n').append('[').append(name).append("]\n");
    }

    private void kv(String key, Object value) {
        out.append(key).append(" = ").append(value).append('\n');
    }

    private static String str(String s) {
        return "\"" + Toml.tomlEscape(s) + "\"";
    }

    private String secret(Secret s) {
        return str(maskSecrets ? Secret.MASK : s.reveal());
    }

    private static String address(InetAddress a) {
        return str(a.getHostAddress());
    }

    private static String path(Path p) {
        return str(p.toString());
    }

    private static String duration(Duration d) {
        return str(Values.formatDuration(d));
    }

    private static <T> String list(List<T> items, Function<T, String> f) {
        if (items.isEmpty()) {
            return "[]";
        }
        if (items.size() <= 3) {
            return "[" + String.join(", ", items.stream().map(i -> str(f.apply(i))).toList()) + "]";
        }
        StringBuilder b = new StringBuilder("[\n");
        for (T i : items) {
            b.append("    ").append(str(f.apply(i))).append(",\n");
        }
        return b.append(']').toString();
    }

}
