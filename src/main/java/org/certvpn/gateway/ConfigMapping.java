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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import org.certvpn.config.AddressRange;
import org.certvpn.config.CertificateFile;
import org.certvpn.config.Connection;
import org.certvpn.config.Dpd;
import org.certvpn.config.EspProposal;
import org.certvpn.config.IkeProposal;
import org.certvpn.config.Limits;
import org.certvpn.config.PeerId;
import org.certvpn.config.PreSharedKey;
import org.certvpn.config.ServerCredential;
import org.certvpn.config.UniqueIds;
import org.certvpn.crypto.DhGroup;
import org.certvpn.crypto.IkeCipher;
import org.certvpn.crypto.IkeHash;
import org.certvpn.ike.AlgorithmPolicy;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.PreSharedKeys;
import org.certvpn.ipsec.EspCipher;
import org.certvpn.ipsec.EspIntegrity;
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.validation.TrustSettings;
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
        Inet4Address local = l2tp.localIp();
        AddressPool pool = pool(config, local);
        Optional<InetSocketAddress> cleartext = l2tp.cleartextTestMode()
                ? Optional.of(new InetSocketAddress(l2tp.listenAddress(), l2tp.port()))
                : Optional.empty();
        return new GatewayPlan(
                ipsec ? Optional.of(ike(config, shards)) : Optional.empty(),
                new InetSocketAddress(config.ike().listenAddress(), config.ike().port()),
                config.ike().natTPort(),
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
                shards,
                config.ike().disconnectRevoked());
    }

    /**
     * One IKE policy for all configured connections: the certificate of the first certificate connection,
     * the union of their CAs, CRLs, remote ID patterns and PSKs, and the algorithms any connection allows.
     *
     * @param shards each shard runs its own IKE engine: a peer always reaches the same one, so per-source
     *     limits hold as configured, while the gateway-wide ones are shared out among the engines
     */
    static IkeSettings ike(GatewayConfig config, int shards) throws UnsupportedConfigException {
        IkeSettings.Builder b = IkeSettings.builder();
        List<Connection> connections = config.connections();
        Connection first = connections.getFirst();
        Optional<ServerCredential> credential = connections.stream()
                .filter(c -> c.authMethod() == org.certvpn.config.AuthMethod.CERTIFICATE)
                .map(Connection::credential).flatMap(Optional::stream).findFirst();
        credential.ifPresent(c -> b.certificate(c.certificate().certificates().getFirst(), c.key().key()));
        List<X509Certificate> anchors = new ArrayList<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        List<DnPattern> remoteIds = new ArrayList<>();
        List<PreSharedKeys.Entry> psks = new ArrayList<>();
        Set<IkeCipher> ikeCiphers = EnumSet.noneOf(IkeCipher.class);
        Set<IkeHash> ikeHashes = EnumSet.noneOf(IkeHash.class);
        Set<DhGroup> groups = EnumSet.noneOf(DhGroup.class);
        Set<EspCipher> espCiphers = EnumSet.noneOf(EspCipher.class);
        Set<EspIntegrity> espIntegrity = EnumSet.noneOf(EspIntegrity.class);
        boolean aggressive = false;
        for (Connection c : connections) {
            for (CertificateFile f : c.trustedCas()) {
                for (X509Certificate cert : f.certificates()) {
                    (isSelfSigned(cert) ? anchors : intermediates).add(cert);
                }
            }
            c.credential().ifPresent(cred -> cred.certificate().certificates().stream().skip(1).forEach(intermediates::add));
            c.crls().forEach(f -> crls.add(f.crl()));
            for (PeerId id : c.remoteIds()) {
                if (id instanceof PeerId.Dn dn) {
                    remoteIds.add(dn.pattern());
                }
            }
            for (PreSharedKey k : c.preSharedKeys()) {
                byte[] secret = k.secret().reveal().getBytes(StandardCharsets.UTF_8);
                if (k.ids().isEmpty()) {
                    psks.add(PreSharedKeys.forAny(secret));
                }
                for (PeerId id : k.ids()) {
                    psks.add(switch (id) {
                        case PeerId.Any any -> PreSharedKeys.forAny(secret);
                        case PeerId.Address a -> PreSharedKeys.forAddress(a.address(), secret);
                        // The engine renders a received ID_KEY_ID as its text, or as hex when not printable.
                        case PeerId.KeyId key -> PreSharedKeys.forIdentity(key.text(), secret);
                        default -> PreSharedKeys.forIdentity(id.toString().startsWith("@")
                                ? id.toString().substring(1) : id.toString(), secret);
                    });
                }
            }
            for (IkeProposal p : c.ikeProposals()) {
                ikeCiphers.add(p.cipher());
                ikeHashes.add(p.hash());
                groups.add(p.group());
            }
            for (EspProposal p : c.espProposals()) {
                espCiphers.add(p.cipher());
                espIntegrity.add(p.integrity());
                p.pfsGroup().ifPresent(groups::add);
            }
            aggressive |= c.aggressiveMode();
        }
        if (anchors.isEmpty() && credential.isPresent()) {
            throw new UnsupportedConfigException("certificate connections need at least one trusted CA that is a root "
                    + "(self-signed); intermediates alone cannot anchor a chain");
        }
        if (ikeCiphers.isEmpty()) {
            AlgorithmPolicy all = AlgorithmPolicy.defaults();
            ikeCiphers.addAll(all.ikeCiphers());
            ikeHashes.addAll(all.ikeHashes());
            groups.addAll(all.dhGroups());
        }
        if (espCiphers.isEmpty()) {
            AlgorithmPolicy all = AlgorithmPolicy.defaults();
            espCiphers.addAll(all.espCiphers());
            espIntegrity.addAll(all.espIntegrity());
        }
        if (!config.ike().listenAddress().isAnyLocalAddress()) {
            b.localAddress(config.ike().listenAddress());
        }
        Dpd dpd = first.dpd();
        var ikeLimits = IkeSettings.Limits.defaults();
        Limits limits = config.limits();
        return b.trust(new TrustSettings(anchors, intermediates, crls, false))
                .preSharedKeys(PreSharedKeys.of(psks))
                .remoteIds(remoteIds)
                .algorithms(new AlgorithmPolicy(ikeCiphers, ikeHashes, groups, espCiphers, espIntegrity,
                        config.ike().legacyClients()))
                .ikeLifetime(first.ikeLifetime())
                .childLifetime(first.saLifetime())
                .dpd(new IkeSettings.DpdSettings(dpd.enabled() && dpd.action() == Dpd.Action.CLEAR, dpd.delay(), dpd.timeout()))
                .fragmentation(new IkeSettings.FragmentationSettings(first.fragmentation(),
                        IkeSettings.FragmentationSettings.defaults().sendThreshold(), limits.maxFragmentsPerMessage(),
                        limits.maxReassembledSize(), limits.reassemblyTimeout(),
                        perShard(limits.maxPendingReassemblies(), shards)))
                .forceEncapsulation(first.natTraversal().forceEncapsulation())
                .uniqueIds(config.ike().uniqueIds() == UniqueIds.YES)
                .limits(new IkeSettings.Limits(limits.maxHalfOpenPerSource(), perShard(limits.maxHalfOpen(), shards),
                        ikeLimits.negotiationTimeout()))
                .aggressiveMode(aggressive)
                .build();
    }

    /** A gateway-wide limit shared out among the shards' engines, at least 1 each. */
    static int perShard(int limit, int shards) {
        return Math.max(1, (limit + shards - 1) / Math.max(1, shards));
    }

    private static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
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
