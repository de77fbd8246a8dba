package org.certvpn.config.classic;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certvpn.config.AddressRange;
import org.certvpn.config.Addresses;
import org.certvpn.config.AuthMethod;
import org.certvpn.config.CertificateFile;
import org.certvpn.config.Connection;
import org.certvpn.config.ControlSettings;
import org.certvpn.config.CrlFile;
import org.certvpn.config.Credentials;
import org.certvpn.config.Defaults;
import org.certvpn.config.Dpd;
import org.certvpn.config.EspProposal;
import org.certvpn.config.GatewayConfig;
import org.certvpn.config.IkeProposal;
import org.certvpn.config.IkeSettings;
import org.certvpn.config.KeyFile;
import org.certvpn.config.L2tpSettings;
import org.certvpn.config.Limits;
import org.certvpn.config.MetricsSettings;
import org.certvpn.config.NatTraversal;
import org.certvpn.config.PeerId;
import org.certvpn.config.PppAuthMethod;
import org.certvpn.config.PppSettings;
import org.certvpn.config.PreSharedKey;
import org.certvpn.config.Problems;
import org.certvpn.config.ProposalParser;
import org.certvpn.config.Secret;
import org.certvpn.config.ServerCredential;
import org.certvpn.config.TunSettings;
import org.certvpn.config.UniqueIds;
import org.certvpn.config.User;
import org.certvpn.config.UserBinding;
import org.certvpn.config.Values;
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.PkiFileException;
import org.certvpn.config.PkiSource;

/**
 * Builds the configuration model from the classic files. Every option of the seed's files (and of the
 * common libreswan L2TP/PSK setups) is understood; options without effect in a userspace gateway are
 * accepted with a notice saying why; others get a warning naming file:line. Certificates, keys and CRLs
 * are read here, so an unreadable key or a wrong passphrase is an error at the line that named it.
 *
 * <p>Returns nothing when any error was found: the caller gets either a complete model or only errors.
 */
public final class ClassicLoader {
    private static final int MAX_INCLUDE_DEPTH = 10;
    private static final PkiSource PKI = PkiSource.files();

    private final ClassicSources sources;
    private final Problems problems;

    private ClassicLoader(ClassicSources sources, Problems problems) {
        this.sources = sources;
        this.problems = problems;
    }

    /** Loads; the model is present only when {@code problems} holds no error. */
    public static Optional<GatewayConfig> load(ClassicSources sources, Problems problems) {
        try {
            GatewayConfig c = new ClassicLoader(sources, problems).load();
            return problems.hasErrors() ? Optional.empty() : Optional.ofNullable(c);
        } catch (InvalidPathException e) {
            problems.error(e.getInput(), 0, "not a usable path: " + e.getReason());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- reading with includes

    private record Sections(Optional<IpsecConf.Section> setup, Map<String, IpsecConf.Section> conns,
            Optional<IpsecConf.Section> connDefault) {}

    private Sections readIpsecConf() {
        Path main = sources.resolvedIpsecConf();
        List<IpsecConf.Section> all = new ArrayList<>();
        readIpsecConfFile(main, "(ipsec.conf)", 0, all, new ArrayDeque<>());
        IpsecConf.Section setup = null;
        IpsecConf.Section connDefault = null;
        Map<String, IpsecConf.Section> conns = new LinkedHashMap<>();
        for (IpsecConf.Section s : all) {
            switch (s.type()) {
                case "config" -> {
                    if (setup != null) {
                        problems.error(s.file(), s.line(), "second \"config setup\" (first at " + setup.file() + ":"
                                + setup.line() + ")");
                    } else {
                        setup = s;
                    }
                }
                case "ca" -> problems.warning(s.file(), s.line(), "\"ca " + s.name() + "\" sections are not supported;"
                        + " put CA certificates in ipsec.d/cacerts (section ignored)");
                default -> {
                    if (s.name().equals("%default")) {
                        if (connDefault != null) {
                            connDefault = merge(connDefault, s);
                        } else {
                            connDefault = s;
                        }
                    } else if (conns.containsKey(s.name())) {
                        IpsecConf.Section first = conns.get(s.name());
                        problems.error(s.file(), s.line(), "duplicate conn \"" + s.name() + "\" (first defined at "
                                + first.file() + ":" + first.line() + ")");
                    } else {
                        conns.put(s.name(), s);
                    }
                }
            }
        }
        return new Sections(Optional.ofNullable(setup), conns, Optional.ofNullable(connDefault));
    }

    private IpsecConf.Section merge(IpsecConf.Section a, IpsecConf.Section b) {
        List<Setting> s = new ArrayList<>(a.settings());
        s.addAll(b.settings());
        return new IpsecConf.Section(a.type(), a.name(), a.file(), a.line(), s);
    }

    private void readIpsecConfFile(Path path, String refFile, int refLine, List<IpsecConf.Section> out, Deque<Path> stack) {
        String text = enterNested(path, refLine == 0 ? path.toString() : refFile, refLine, stack, "include");
        if (text == null) {
            return;
        }
        Path norm = stack.peek();
        IpsecConf conf = IpsecConfParser.parse(path.toString(), text, problems);
        for (IpsecConf.Item item : conf.items()) {
            switch (item) {
                case IpsecConf.Section s -> out.add(s);
                case IpsecConf.Include inc -> {
                    Path pattern = sources.map(inc.pattern(), norm.getParent());
                    for (Path p : TextFiles.expand(pattern, inc.file(), inc.line(), problems)) {
                        readIpsecConfFile(p, inc.file(), inc.line(), out, stack);
                    }
                }
            }
        }
        stack.pop();
    }

    /**
     * Opens a file named by an include (ipsec.conf, ipsec.secrets) or a pppd {@code file} option, refusing
     * nesting deeper than {@link #MAX_INCLUDE_DEPTH} and a file that includes itself, both reported at the
     * line that names it. On success the file is pushed on {@code stack} (the caller pops it) and its text is
     * returned; otherwise null, with the problem recorded.
     */
    private String enterNested(Path path, String refFile, int refLine, Deque<Path> stack, String kind) {
        if (stack.size() > MAX_INCLUDE_DEPTH) {
            problems.error(refFile, refLine, kind + "s nested more than " + MAX_INCLUDE_DEPTH + " deep");
            return null;
        }
        Path norm = path.toAbsolutePath().normalize();
        if (stack.contains(norm)) {
            problems.error(refFile, refLine, kind + " loop: " + path + " includes itself");
            return null;
        }
        String text = TextFiles.read(path, refFile, refLine, problems);
        if (text != null) {
            stack.push(norm);
        }
        return text;
    }

    private List<IpsecSecrets.Entry> readSecrets() {
        Path main = sources.resolvedIpsecSecrets();
        List<IpsecSecrets.Entry> out = new ArrayList<>();
        if (sources.ipsecSecrets().isEmpty() && !java.nio.file.Files.exists(main)) {
            return out;
        }
        readSecretsFile(main, main.toString(), 0, out, new ArrayDeque<>());
        return out;
    }

    private void readSecretsFile(Path path, String refFile, int refLine, List<IpsecSecrets.Entry> out, Deque<Path> stack) {
        String text = enterNested(path, refFile, refLine, stack, "include");
        if (text == null) {
            return;
        }
        Path norm = stack.peek();
        for (IpsecSecrets.Item item : IpsecSecretsParser.parse(path.toString(), text, problems).items()) {
            switch (item) {
                case IpsecSecrets.Entry e -> out.add(e);
                case IpsecSecrets.Include inc -> {
                    Path pattern = sources.map(inc.pattern(), norm.getParent());
                    for (Path p : TextFiles.expand(pattern, inc.file(), inc.line(), problems)) {
                        readSecretsFile(p, inc.file(), inc.line(), out, stack);
                    }
                }
            }
        }
        stack.pop();
    }

    // ---------------------------------------------------------------- the whole model

    private GatewayConfig load() {
        Sections sections = readIpsecConf();
        List<IpsecSecrets.Entry> secrets = readSecrets();
        Globals globals = setup(sections.setup());
        SecretsView secretsView = interpretSecrets(secrets);

        List<Connection> connections = new ArrayList<>();
        for (IpsecConf.Section conn : sections.conns().values()) {
            Map<String, Setting> resolved = resolve(conn, sections);
            if (resolved == null) {
                continue;
            }
            Connection c = connection(conn, resolved, globals, secretsView);
            if (c != null) {
                connections.add(c);
            }
        }
        if (connections.isEmpty() && !problems.hasErrors()) {
            problems.error(sources.resolvedIpsecConf().toString(), 0,
                    "no L2TP/IPsec connection to serve (a conn with auto=add, type=transport, leftprotoport=17/1701)");
        }
        Lns lns = readXl2tpd();
        PppSettings ppp = lns == null ? null : ppp(lns);
        List<User> users = lns == null ? List.of() : users(lns, ppp);
        if (problems.hasErrors() || lns == null || ppp == null) {
            return null;
        }
        if (connections.stream().anyMatch(c -> c.authMethod() == AuthMethod.CERTIFICATE)) {
            problems.notice(sources.resolvedIpsecConf().toString(), 0, "certificate-to-user binding is off: the classic"
                    + " files cannot express it; convert to the native file and set [binding] mode = \"require\"");
        }
        return new GatewayConfig(
                connections,
                new IkeSettings(globals.listen, Defaults.IKE_PORT, Defaults.NAT_T_PORT, globals.uniqueIds, true),
                lns.l2tp,
                ppp,
                users,
                UserBinding.off(),
                new TunSettings(TunSettings.DEFAULT_NAME, lns.l2tp.localIp(), true),
                new ControlSettings(ControlSettings.DEFAULT_SOCKET),
                new MetricsSettings(true, Defaults.loopback(), MetricsSettings.DEFAULT_PORT),
                Limits.DEFAULT);
    }

    // ---------------------------------------------------------------- config setup

    private static final class Globals {
        InetAddress listen = Defaults.anyAddress();
        UniqueIds uniqueIds = UniqueIds.NO;
        Optional<Duration> keepalive = Optional.empty();
    }

    /** Options that mean nothing to a userspace gateway, and why; shared by config setup and conn. */
    private static final Map<String, String> NO_EFFECT = Map.ofEntries(
            Map.entry("interfaces", "CertVPN binds its own UDP sockets; there are no kernel IPsec interfaces"),
            Map.entry("protostack", "ESP runs in userspace; there is no kernel IPsec stack to choose"),
            Map.entry("nat-traversal", "NAT traversal is always available (forced per conn with encapsulation=yes)"),
            Map.entry("plutodebug", "CertVPN writes a readable trace per connection; verbose IKE debugging is a log level"),
            Map.entry("charondebug", "CertVPN writes a readable trace per connection; verbose IKE debugging is a log level"),
            Map.entry("klipsdebug", "there is no KLIPS kernel stack"),
            Map.entry("syslog", "CertVPN logs to standard error (the journal under systemd)"),
            Map.entry("plutostderrlog", "CertVPN logs to standard error (the journal under systemd)"),
            Map.entry("logfile", "CertVPN logs to standard error (the journal under systemd)"),
            Map.entry("logtime", "CertVPN logs to standard error (the journal under systemd)"),
            Map.entry("dumpdir", "no core dumps are written"),
            Map.entry("oe", "opportunistic encryption is not part of an L2TP gateway"),
            Map.entry("virtual-private", "transport-mode L2TP accepts whatever private address a NATed client puts in"
                    + " its Quick Mode ID; there are no subnets to restrict"),
            Map.entry("hidetos", "there is no kernel tunnel"),
            Map.entry("overridemtu", "there is no kernel tunnel"),
            Map.entry("plutostart", "there is only one daemon"),
            Map.entry("charonstart", "there is only one daemon"),
            Map.entry("crlcheckinterval", "CRLs are read at start and by 'certvpn reload'"),
            Map.entry("leftupdown", "the gateway routes through its own TUN device; there are no updown scripts"),
            Map.entry("rightupdown", "the gateway routes through its own TUN device; there are no updown scripts"),
            Map.entry("leftfirewall", "the gateway routes through its own TUN device; there are no firewall hooks"),
            Map.entry("rightfirewall", "the gateway routes through its own TUN device; there are no firewall hooks"),
            Map.entry("leftnexthop", "routing is the host's; there are no kernel eroutes"),
            Map.entry("rightnexthop", "routing is the host's; there are no kernel eroutes"),
            Map.entry("keyingtries", "CertVPN only responds; it never initiates"),
            Map.entry("rekey", "CertVPN only responds; clients rekey"),
            Map.entry("leftsendcert", "our certificate is always sent, asked for or not (iOS does not ask)"),
            Map.entry("rightsendcert", "clients send their certificate as they choose"),
            Map.entry("rightsubnet", "transport-mode L2TP: the client's private address (vhost:%priv) is always accepted"),
            Map.entry("overlapip", "SAs of clients behind one NAT are always kept apart (keyed by outer address, port and SPI)"),
            Map.entry("sareftrack", "SAs of clients behind one NAT are always kept apart (keyed by outer address, port and SPI)"),
            Map.entry("leftrsasigkey", "keys come from leftcert"),
            Map.entry("rightrsasigkey", "client keys come from their certificates"),
            Map.entry("mobike", "MOBIKE is IKEv2"),
            Map.entry("narrowing", "narrowing is IKEv2"),
            Map.entry("phase2", "ESP is the only choice"),
            Map.entry("nhelpers", "CertVPN sizes its own worker threads"),
            Map.entry("ikev1-policy", "IKEv1 is what L2TP clients speak; it is always accepted"),
            Map.entry("compress", "IPComp is never negotiated"));

    private Globals setup(Optional<IpsecConf.Section> setup) {
        Globals g = new Globals();
        if (setup.isEmpty()) {
            return g;
        }
        for (Setting s : setup.get().settings()) {
            String v = s.value().strip();
            switch (s.normalizedKey()) {
                case "uniqueids" -> {
                    switch (v.toLowerCase(Locale.ROOT)) {
                        case "no", "never" -> g.uniqueIds = UniqueIds.NO;
                        case "yes", "replace" -> g.uniqueIds = UniqueIds.YES;
                        case "keep" -> {
                            problems.warning(s.file(), s.line(), "uniqueids=keep would block new connections behind"
                                    + " stale ones; CertVPN never blocks a new connection: using uniqueids=no");
                            g.uniqueIds = UniqueIds.NO;
                        }
                        default -> problems.error(s.file(), s.line(), "uniqueids: expected yes or no, got \"" + v + "\"");
                    }
                }
                case "listen" -> {
                    try {
                        g.listen = Addresses.parse(v);
                    } catch (IllegalArgumentException e) {
                        problems.error(s.file(), s.line(), "listen: " + e.getMessage());
                    }
                }
                case "keep-alive" -> {
                    try {
                        g.keepalive = Optional.of(Values.duration(v));
                    } catch (IllegalArgumentException e) {
                        problems.error(s.file(), s.line(), s.key() + ": " + e.getMessage());
                    }
                }
                case "ikev1-policy" -> {
                    if (!v.equalsIgnoreCase("accept")) {
                        problems.warning(s.file(), s.line(), "ikev1-policy=" + v + " ignored: L2TP clients speak IKEv1,"
                                + " which CertVPN always accepts");
                    }
                }
                default -> ignoreOrWarn(s);
            }
        }
        return g;
    }

    private void ignoreOrWarn(Setting s) {
        String why = NO_EFFECT.get(s.normalizedKey());
        if (why != null) {
            problems.notice(s.file(), s.line(), s.key() + ": no effect: " + why);
        } else {
            problems.warning(s.file(), s.line(), "unsupported option \"" + s.key() + "\" ignored");
        }
    }

    // ---------------------------------------------------------------- conn resolution

    /** The conn's settings with also= and %default applied, or null after reporting a loop or dangling also=. */
    private Map<String, Setting> resolve(IpsecConf.Section conn, Sections sections) {
        Map<String, Setting> out = new LinkedHashMap<>();
        if (!collect(conn, sections, out, new ArrayList<>())) {
            return null;
        }
        sections.connDefault().ifPresent(d -> d.settings().forEach(s -> out.putIfAbsent(s.normalizedKey(), s)));
        return out;
    }

    private boolean collect(IpsecConf.Section conn, Sections sections, Map<String, Setting> out, List<String> chain) {
        chain.add(conn.name());
        List<Setting> alsos = new ArrayList<>();
        for (Setting s : conn.settings()) {
            if (s.normalizedKey().equals("also")) {
                alsos.add(s);
            } else {
                out.putIfAbsent(s.normalizedKey(), s);
            }
        }
        for (Setting also : alsos) {
            for (String target : also.value().strip().split("\\s+")) {
                if (chain.contains(target)) {
                    problems.error(also.file(), also.line(), "also= loop: " + String.join(" -> ", chain) + " -> " + target);
                    return false;
                }
                IpsecConf.Section t = sections.conns().get(target);
                if (t == null) {
                    problems.error(also.file(), also.line(), "also=" + target + ": no such conn");
                    return false;
                }
                if (!collect(t, sections, out, chain)) {
                    return false;
                }
            }
        }
        chain.removeLast();
        return true;
    }

    // ---------------------------------------------------------------- one conn

    private String get(Map<String, Setting> m, String key) {
        Setting s = m.get(key);
        return s == null ? null : s.value().strip();
    }

    private Setting first(Map<String, Setting> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return m.get(k);
            }
        }
        return null;
    }

    private static final Set<String> CONN_KEYS = Set.of("auto", "type", "keyexchange", "ikev2", "auth", "authby", "pfs",
            "ikelifetime", "keylife", "salifetime", "lifetime", "rekeymargin", "margintime", "left", "leftid",
            "leftcert", "leftprotoport", "right", "rightid", "rightca", "rightprotoport", "ike", "esp", "phase2alg",
            "dpddelay", "dpdtimeout", "dpdaction", "forceencaps", "encapsulation", "fragmentation", "ike-frag",
            "aggrmode", "aggressive", "sha2-truncbug", "leftca");

    private Connection connection(IpsecConf.Section conn, Map<String, Setting> m, Globals globals, SecretsView secrets) {
        String name = conn.name();
        String auto = get(m, "auto");
        if (auto == null || auto.equalsIgnoreCase("ignore")) {
            problems.notice(conn.file(), conn.line(), "conn " + name + ": no effect: " + (auto == null ? "no auto=" : "auto=ignore")
                    + ", so it is not loaded (used only through also=)");
            return null;
        }
        if (!Set.of("add", "start", "route", "ondemand").contains(auto.toLowerCase(Locale.ROOT))) {
            problems.error(m.get("auto").file(), m.get("auto").line(), "auto: expected add, start, route or ignore, got \"" + auto + "\"");
            return null;
        }
        String type = Optional.ofNullable(get(m, "type")).orElse("tunnel").toLowerCase(Locale.ROOT);
        String leftProto = get(m, "leftprotoport");
        if (!type.equals("transport") || leftProto == null || !isL2tpPort(leftProto)) {
            problems.warning(conn.file(), conn.line(), "conn " + name + " is not an L2TP/IPsec transport connection ("
                    + (!type.equals("transport") ? "type=" + type : "leftprotoport=" + leftProto)
                    + "); CertVPN serves only L2TP/IPsec, so it is skipped");
            return null;
        }
        if (!auto.equalsIgnoreCase("add")) {
            problems.notice(m.get("auto").file(), m.get("auto").line(), "auto=" + auto + ": no effect: CertVPN only responds;"
                    + " the connection is loaded as with auto=add");
        }
        int errorsBefore = problems.errors().size();
        for (Setting s : m.values()) {
            if (!CONN_KEYS.contains(s.normalizedKey())) {
                ignoreOrWarn(s);
            }
        }
        checkChoice(m, "keyexchange", Set.of("ike", "ikev1"), "CertVPN answers IKEv1 for L2TP");
        checkChoice(m, "auth", Set.of("esp"), "only ESP is supported");
        Setting ikev2 = m.get("ikev2");
        if (ikev2 != null && !Set.of("never", "no", "permit").contains(ikev2.value().strip().toLowerCase(Locale.ROOT))) {
            problems.warning(ikev2.file(), ikev2.line(), "ikev2=" + ikev2.value().strip() + ": L2TP clients use IKEv1; this"
                    + " connection answers IKEv1 only");
        }
        Setting rightProto = m.get("rightprotoport");
        if (rightProto != null && !isUdpAnyPort(rightProto.value().strip())) {
            problems.error(rightProto.file(), rightProto.line(), "rightprotoport: expected 17/%any, 17/0 or 17/1701, got \""
                    + rightProto.value().strip() + "\"");
        }
        Setting truncbug = m.get("sha2-truncbug");
        if (truncbug != null) {
            Boolean v = yesNo(truncbug);
            if (Boolean.TRUE.equals(v)) {
                problems.warning(truncbug.file(), truncbug.line(), "sha2-truncbug=yes is not supported: SHA2-256 uses the"
                        + " RFC 4868 128-bit truncation");
            }
        }

        AuthMethod authMethod = AuthMethod.CERTIFICATE;
        Setting authby = m.get("authby");
        if (authby != null) {
            switch (authby.value().strip().toLowerCase(Locale.ROOT)) {
                case "rsasig", "rsa", "rsasig-sha1", "rsa-sha1", "rsa-sha2", "pubkey", "ecdsa", "rsa-sha2_256" -> { }
                case "secret", "psk" -> authMethod = AuthMethod.PSK;
                default -> {
                    problems.warning(authby.file(), authby.line(), "authby=" + authby.value().strip() + " is not supported"
                            + " (certificates: rsasig; pre-shared keys: secret); conn " + name + " skipped");
                    return null;
                }
            }
        }

        Optional<InetAddress> localAddress = address(m.get("left"), true);
        Optional<InetAddress> remoteAddress = address(m.get("right"), false);

        Optional<ServerCredential> credential = Optional.empty();
        List<CertificateFile> cas = List.of();
        List<CrlFile> crls = List.of();
        Optional<DnPattern> requiredCa = Optional.empty();
        List<PreSharedKey> psks = List.of();
        if (authMethod == AuthMethod.CERTIFICATE) {
            credential = credential(name, conn, m.get("leftcert"), secrets);
            cas = secrets.cas(this);
            crls = secrets.crls(this);
            if (cas.isEmpty()) {
                problems.error(conn.file(), conn.line(), "conn " + name + ": no CA certificates in "
                        + sources.resolvedIpsecD().resolve("cacerts") + ", so no client certificate can be verified");
            }
            requiredCa = requiredCa(m.get("rightca"), credential, cas);
        } else {
            psks = secrets.psks;
            if (psks.isEmpty()) {
                problems.error(authby.file(), authby.line(), "authby=secret but " + sources.resolvedIpsecSecrets()
                        + " has no PSK entry");
            }
        }

        PeerId localId = authMethod == AuthMethod.CERTIFICATE ? new PeerId.FromCertificate() : new PeerId.OwnAddress();
        Setting leftid = m.get("leftid");
        if (leftid != null) {
            PeerId id = peerId(leftid);
            if (id instanceof PeerId.Any) {
                problems.error(leftid.file(), leftid.line(), "leftid: our own identity cannot be %any");
            } else if (id != null) {
                localId = id;
                if (id instanceof PeerId.Dn dn && credential.isPresent()
                        && !dn.pattern().matches(credential.get().certificate().first().getSubjectX500Principal())) {
                    problems.error(leftid.file(), leftid.line(), "leftid \"" + leftid.value().strip()
                            + "\" does not match the subject of leftcert (" + credential.get().certificate().first()
                            .getSubjectX500Principal().getName() + "); Android compares them byte for byte");
                }
            }
        }
        List<PeerId> remoteIds = List.of(new PeerId.Any());
        Setting rightid = m.get("rightid");
        if (rightid != null) {
            PeerId id = peerId(rightid);
            if (id instanceof PeerId.FromCertificate || id instanceof PeerId.OwnAddress) {
                problems.error(rightid.file(), rightid.line(), "rightid: " + rightid.value().strip() + " is only for leftid");
            } else if (id != null) {
                remoteIds = List.of(id);
            }
        }

        List<IkeProposal> ike = Defaults.IKE_PROPOSALS;
        Setting ikeS = m.get("ike");
        if (ikeS != null) {
            try {
                var r = ProposalParser.parseIke(ikeS.value());
                r.warnings().forEach(w -> problems.warning(ikeS.file(), ikeS.line(), "ike: " + w));
                ike = r.proposals();
            } catch (ProposalParser.ProposalException e) {
                problems.error(ikeS.file(), ikeS.line(), "ike: " + e.getMessage());
            }
        }
        List<EspProposal> esp = Defaults.ESP_PROPOSALS;
        Setting espS = first(m, "phase2alg", "esp");
        if (m.containsKey("phase2alg") && m.containsKey("esp")) {
            Setting other = m.get("esp");
            problems.warning(other.file(), other.line(), "both esp= and phase2alg= are set; using phase2alg=");
        }
        if (espS != null) {
            try {
                var r = ProposalParser.parseEsp(espS.value());
                r.warnings().forEach(w -> problems.warning(espS.file(), espS.line(), espS.key() + ": " + w));
                esp = r.proposals();
            } catch (ProposalParser.ProposalException e) {
                problems.error(espS.file(), espS.line(), espS.key() + ": " + e.getMessage());
            }
        }

        // openswan's and libreswan's default is pfs=yes, which as responder refuses Quick Modes without PFS.
        boolean requirePfs = Optional.ofNullable(yesNo(m.get("pfs"))).orElse(true);
        Duration ikeLifetime = duration(m.get("ikelifetime"), Connection.DEFAULT_IKE_LIFETIME);
        Duration saLifetime = duration(first(m, "salifetime", "keylife", "lifetime"), Connection.DEFAULT_SA_LIFETIME);
        Duration margin = duration(first(m, "rekeymargin", "margintime"), Connection.DEFAULT_REKEY_MARGIN);
        if (margin.compareTo(saLifetime) >= 0) {
            Setting s = first(m, "rekeymargin", "margintime");
            problems.error(s == null ? conn.file() : s.file(), s == null ? conn.line() : s.line(),
                    "rekeymargin must be shorter than the SA lifetime");
        }

        Dpd dpd = dpd(m);
        boolean force = Optional.ofNullable(yesNoOrAuto(first(m, "encapsulation", "forceencaps"))).orElse(false);
        NatTraversal nat = new NatTraversal(true, force, globals.keepalive.orElse(NatTraversal.DEFAULT.keepalive()));
        boolean fragmentation = true;
        Setting frag = first(m, "fragmentation", "ike-frag");
        if (frag != null) {
            switch (frag.value().strip().toLowerCase(Locale.ROOT)) {
                case "yes", "accept", "force", "true", "on" -> fragmentation = true;
                case "no", "false", "off" -> fragmentation = false;
                default -> problems.error(frag.file(), frag.line(), frag.key() + ": expected yes, no, accept or force");
            }
        }
        boolean aggressive = Optional.ofNullable(yesNo(first(m, "aggrmode", "aggressive"))).orElse(false);
        if (aggressive && authMethod == AuthMethod.CERTIFICATE) {
            Setting s = first(m, "aggrmode", "aggressive");
            problems.warning(s.file(), s.line(), "aggressive mode is offered only with pre-shared keys; ignored");
            aggressive = false;
        }
        Setting leftca = m.get("leftca");
        if (leftca != null) {
            problems.notice(leftca.file(), leftca.line(), "leftca: no effect: our chain is our certificate alone");
        }
        if (problems.errors().size() > errorsBefore) {
            return null;
        }
        return new Connection(name, authMethod, localAddress, remoteAddress, localId, remoteIds, credential, cas,
                requiredCa, crls, psks, ike, esp, requirePfs, ikeLifetime, saLifetime, margin, dpd, nat, fragmentation,
                aggressive);
    }

    private static boolean isL2tpPort(String v) {
        String t = v.strip().toLowerCase(Locale.ROOT);
        return t.equals("17/1701") || t.equals("udp/1701") || t.equals("udp/l2tp") || t.equals("17/l2tp");
    }

    private static boolean isUdpAnyPort(String v) {
        String t = v.toLowerCase(Locale.ROOT);
        return Set.of("17/%any", "17/0", "udp/%any", "udp/0", "17/1701", "udp/1701", "udp/l2tp", "17/l2tp", "17", "udp")
                .contains(t);
    }

    private void checkChoice(Map<String, Setting> m, String key, Set<String> allowed, String why) {
        Setting s = m.get(key);
        if (s != null && !allowed.contains(s.value().strip().toLowerCase(Locale.ROOT))) {
            problems.error(s.file(), s.line(), key + "=" + s.value().strip() + " is not supported: " + why);
        }
    }

    private Optional<InetAddress> address(Setting s, boolean local) {
        if (s == null) {
            return Optional.empty();
        }
        String v = s.value().strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("%defaultroute") || lower.equals("%any") || lower.equals("%any4") || lower.equals("0.0.0.0")
                || lower.equals("%opportunistic") || lower.equals("%group")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Addresses.parse(v));
        } catch (IllegalArgumentException e) {
            if (!v.isEmpty() && !v.startsWith("%")) {
                problems.error(s.file(), s.line(), s.key() + "=" + v + ": host names are not resolved; write an address"
                        + (local ? " or %defaultroute" : " or %any"));
            } else {
                problems.error(s.file(), s.line(), s.key() + ": " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    private PeerId peerId(Setting s) {
        try {
            return PeerId.parse(s.value());
        } catch (IllegalArgumentException e) {
            problems.error(s.file(), s.line(), s.key() + ": " + e.getMessage());
            return null;
        }
    }

    private Boolean yesNo(Setting s) {
        if (s == null) {
            return null;
        }
        try {
            return Values.yesNo(s.value());
        } catch (IllegalArgumentException e) {
            problems.error(s.file(), s.line(), s.key() + ": " + e.getMessage());
            return null;
        }
    }

    private Boolean yesNoOrAuto(Setting s) {
        if (s != null && s.value().strip().equalsIgnoreCase("auto")) {
            return false;
        }
        return yesNo(s);
    }

    private Duration duration(Setting s, Duration dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            Duration d = Values.duration(s.value());
            if (d.isZero()) {
                problems.error(s.file(), s.line(), s.key() + ": must not be zero");
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.error(s.file(), s.line(), s.key() + ": " + e.getMessage());
            return dflt;
        }
    }

    private Dpd dpd(Map<String, Setting> m) {
        Setting delayS = m.get("dpddelay");
        Setting timeoutS = m.get("dpdtimeout");
        Setting actionS = m.get("dpdaction");
        Duration delay = Dpd.DEFAULT.delay();
        Duration timeout = Dpd.DEFAULT.timeout();
        boolean enabled = true;
        if (delayS != null) {
            try {
                delay = Values.duration(delayS.value());
                enabled = !delay.isZero();
            } catch (IllegalArgumentException e) {
                problems.error(delayS.file(), delayS.line(), "dpddelay: " + e.getMessage());
            }
        }
        if (timeoutS != null) {
            timeout = duration(timeoutS, timeout);
        }
        Dpd.Action action = Dpd.Action.CLEAR;
        if (actionS != null) {
            switch (actionS.value().strip().toLowerCase(Locale.ROOT)) {
                case "clear" -> action = Dpd.Action.CLEAR;
                case "hold" -> action = Dpd.Action.HOLD;
                case "restart", "restart_by_peer" -> problems.notice(actionS.file(), actionS.line(), "dpdaction="
                        + actionS.value().strip() + ": no effect: CertVPN only responds and cannot restart a client's"
                        + " connection; a dead client is cleared");
                case "none" -> enabled = false;
                default -> problems.error(actionS.file(), actionS.line(), "dpdaction: expected clear, hold, restart or"
                        + " none, got \"" + actionS.value().strip() + "\"");
            }
        }
        if (enabled && timeout.compareTo(delay) < 0) {
            Setting s = timeoutS != null ? timeoutS : delayS;
            problems.error(s.file(), s.line(), "dpdtimeout must not be shorter than dpddelay");
        }
        return new Dpd(enabled, enabled ? delay : Dpd.DEFAULT.delay(), timeout, action);
    }

    private Optional<DnPattern> requiredCa(Setting rightca, Optional<ServerCredential> credential, List<CertificateFile> cas) {
        if (rightca == null) {
            return Optional.empty();
        }
        String v = rightca.value().strip();
        DnPattern pattern;
        if (v.equalsIgnoreCase("%any")) {
            return Optional.empty();
        }
        try {
            if (v.equalsIgnoreCase("%same")) {
                if (credential.isEmpty()) {
                    return Optional.empty();
                }
                pattern = DnPattern.parse(credential.get().certificate().first().getIssuerX500Principal().getName());
            } else {
                pattern = DnPattern.parse(v);
            }
        } catch (IllegalArgumentException e) {
            problems.error(rightca.file(), rightca.line(), "rightca: " + e.getMessage());
            return Optional.empty();
        }
        boolean found = cas.stream().flatMap(f -> f.certificates().stream())
                .anyMatch(c -> pattern.matches(c.getSubjectX500Principal()));
        if (!found && !cas.isEmpty()) {
            problems.error(rightca.file(), rightca.line(), "rightca \"" + v + "\" matches no certificate in "
                    + sources.resolvedIpsecD().resolve("cacerts"));
        }
        return Optional.of(pattern);
    }

    private Optional<ServerCredential> credential(String name, IpsecConf.Section conn, Setting leftcert, SecretsView secrets) {
        if (leftcert == null) {
            problems.error(conn.file(), conn.line(), "conn " + name + ": authby=rsasig needs leftcert (our certificate)");
            return Optional.empty();
        }
        Path certPath = certificatePath(leftcert.value().strip());
        X509Certificate cert;
        List<X509Certificate> chain;
        try {
            chain = PKI.certificates(certPath);
            cert = chain.getFirst();
        } catch (PkiFileException e) {
            problems.error(leftcert.file(), leftcert.line(), "leftcert: " + e.getMessage());
            return Optional.empty();
        }
        String unusable = Credentials.unusableServerKey(cert);
        if (unusable != null) {
            problems.error(leftcert.file(), leftcert.line(), "leftcert " + certPath + " " + unusable);
            return Optional.empty();
        }
        for (KeyFile k : secrets.keys) {
            if (Credentials.keyMatches(cert, k.key())) {
                return Optional.of(new ServerCredential(new CertificateFile(abs(certPath), chain), k));
            }
        }
        if (secrets.keys.isEmpty() && secrets.keyErrors == 0) {
            problems.error(leftcert.file(), leftcert.line(), "leftcert " + certPath + ": no private key for it in "
                    + sources.resolvedIpsecSecrets() + " (add a line \": RSA keyfile \\\"passphrase\\\"\")");
        } else if (secrets.keyErrors == 0) {
            problems.error(leftcert.file(), leftcert.line(), "leftcert " + certPath + ": none of the keys in "
                    + sources.resolvedIpsecSecrets() + " belongs to this certificate");
        }
        return Optional.empty();
    }

    /** Model paths are absolute, so that a converted native file names the same files from anywhere. */
    private static Path abs(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private Path certificatePath(String written) {
        Path p = sources.map(written, sources.resolvedIpsecD().resolve("certs"));
        if (!java.nio.file.Files.exists(p) && !Path.of(written).isAbsolute()) {
            Path flat = sources.resolvedIpsecD().resolve(written);
            if (java.nio.file.Files.exists(flat)) {
                return flat;
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- ipsec.secrets and ipsec.d

    private final class SecretsView {
        final List<KeyFile> keys = new ArrayList<>();
        final List<PreSharedKey> psks = new ArrayList<>();
        int keyErrors;
        private List<CertificateFile> cas;
        private List<CrlFile> crls;

        List<CertificateFile> cas(ClassicLoader l) {
            if (cas == null) {
                cas = new ArrayList<>();
                for (Path p : TextFiles.filesIn(sources.resolvedIpsecD().resolve("cacerts"))) {
                    try {
                        cas.add(new CertificateFile(abs(p), PKI.certificates(p)));
                    } catch (PkiFileException e) {
                        problems.warning(p.toString(), 0, "not a certificate, skipped: " + e.getMessage());
                    }
                }
            }
            return cas;
        }

        List<CrlFile> crls(ClassicLoader l) {
            if (crls == null) {
                crls = new ArrayList<>();
                for (Path p : TextFiles.filesIn(sources.resolvedIpsecD().resolve("crls"))) {
                    try {
                        crls.add(new CrlFile(abs(p), PKI.crl(p)));
                    } catch (PkiFileException e) {
                        // A CRL that cannot be read must not silently stop revocation from working.
                        problems.error(p.toString(), 0, e.getMessage());
                    }
                }
            }
            return crls;
        }
    }

    private SecretsView interpretSecrets(List<IpsecSecrets.Entry> entries) {
        SecretsView view = new SecretsView();
        for (IpsecSecrets.Entry e : entries) {
            switch (e.type()) {
                case "PSK" -> {
                    Secret secret = psk(e);
                    List<PeerId> ids = new ArrayList<>();
                    boolean ok = secret != null;
                    for (String id : e.ids()) {
                        try {
                            ids.add(PeerId.parse(id));
                        } catch (IllegalArgumentException ex) {
                            problems.error(e.file(), e.line(), "identity \"" + id + "\": " + ex.getMessage());
                            ok = false;
                        }
                    }
                    if (ok) {
                        view.psks.add(new PreSharedKey(ids, secret));
                    }
                }
                case "RSA", "ECDSA" -> {
                    KeyFile k = key(e);
                    if (k != null) {
                        view.keys.add(k);
                    } else {
                        view.keyErrors++;
                    }
                }
                case "XAUTH", "EAP", "NTLM", "PIN", "P12", "PKCS12", "BLISS", "PPK" -> problems.warning(e.file(), e.line(),
                        e.type() + " secrets are not used by an L2TP/IPsec gateway (PPP users come from chap-secrets); ignored");
                default -> problems.error(e.file(), e.line(), "unknown secret type \"" + e.type() + "\" (expected PSK or RSA)");
            }
        }
        return view;
    }

    private Secret psk(IpsecSecrets.Entry e) {
        if (e.args().size() != 1) {
            problems.error(e.file(), e.line(), "PSK needs exactly one value, e.g. PSK \"secret\"");
            return null;
        }
        String v = e.args().getFirst();
        if (e.quotedArgs().getFirst()) {
            if (v.isEmpty()) {
                problems.error(e.file(), e.line(), "empty PSK");
                return null;
            }
            return new Secret(v);
        }
        byte[] bytes;
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                bytes = HexFormat.of().parseHex(v.substring(2));
            } else if (v.startsWith("0s") || v.startsWith("0S")) {
                bytes = Base64.getDecoder().decode(v.substring(2));
            } else {
                return new Secret(v);
            }
        } catch (IllegalArgumentException ex) {
            problems.error(e.file(), e.line(), "PSK: bad hex or base64 value");
            return null;
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), bytes) || bytes.length == 0) {
            problems.error(e.file(), e.line(), "PSK: binary pre-shared keys are not supported; use a quoted text key");
            return null;
        }
        return new Secret(s);
    }

    private KeyFile key(IpsecSecrets.Entry e) {
        if (e.args().isEmpty()) {
            problems.error(e.file(), e.line(), e.type() + " needs a key file name");
            return null;
        }
        String file = e.args().getFirst();
        if (file.startsWith("{")) {
            problems.error(e.file(), e.line(), "raw RSA keys in ipsec.secrets are not supported; name a key file instead");
            return null;
        }
        if (e.args().size() > 2) {
            problems.error(e.file(), e.line(), "expected \": " + e.type() + " keyfile \\\"passphrase\\\"\"");
            return null;
        }
        Optional<Secret> passphrase = Optional.empty();
        if (e.args().size() == 2) {
            String p = e.args().get(1);
            if (!e.quotedArgs().get(1) && p.equalsIgnoreCase("%prompt")) {
                problems.error(e.file(), e.line(), "%prompt is not supported: a gateway starts unattended; write the"
                        + " passphrase in quotes");
                return null;
            }
            passphrase = Optional.of(new Secret(p));
        }
        Path path = sources.map(file, sources.resolvedIpsecD().resolve("private"));
        if (!java.nio.file.Files.exists(path) && !Path.of(file).isAbsolute()) {
            Path flat = sources.resolvedIpsecD().resolve(file);
            if (java.nio.file.Files.exists(flat)) {
                path = flat;
            }
        }
        try {
            PrivateKey k = PKI.privateKey(path, passphrase.map(Secret::toChars).orElse(null));
            return new KeyFile(abs(path), k, passphrase);
        } catch (PkiFileException ex) {
            problems.error(e.file(), e.line(), e.type() + " key " + ex.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- xl2tpd.conf

    private static final class Lns {
        L2tpSettings l2tp;
        String pppName;
        final List<PppOptions.Option> pppOptions = new ArrayList<>();
        String xl2tpdFile;
    }

    private static final Map<String, String> XL2TPD_NO_EFFECT = Map.ofEntries(
            Map.entry("debug avp", "CertVPN has its own log levels"),
            Map.entry("debug network", "CertVPN has its own log levels"),
            Map.entry("debug packet", "CertVPN has its own log levels"),
            Map.entry("debug state", "CertVPN has its own log levels"),
            Map.entry("debug tunnel", "CertVPN has its own log levels"),
            Map.entry("ppp debug", "CertVPN has its own log levels"),
            Map.entry("ipsec saref", "tunnels of clients behind one NAT are always kept apart by their SA"),
            Map.entry("saref refinfo", "tunnels of clients behind one NAT are always kept apart by their SA"),
            Map.entry("force userspace", "L2TP always runs in userspace"),
            Map.entry("kernel support", "L2TP always runs in userspace"),
            Map.entry("rand source", "randomness comes from the JDK's SecureRandom"),
            Map.entry("pidfile", "run CertVPN under systemd, which tracks the process"),
            Map.entry("access control", "L2TP is accepted only inside the ESP SA of an authenticated client"),
            Map.entry("lac", "L2TP is accepted only inside the ESP SA of an authenticated client"),
            Map.entry("exclusive", "a client may always hold several tunnels (several devices behind one NAT)"),
            Map.entry("flow bit", "sequence numbers on data messages follow what the client does"),
            Map.entry("hidden bit", "CertVPN sends no hidden AVPs and decodes the client's"),
            Map.entry("tx bps", "connect speed AVPs are informational"),
            Map.entry("rx bps", "connect speed AVPs are informational"),
            Map.entry("bps", "connect speed AVPs are informational"),
            Map.entry("call rws", "the receive window is negotiated per tunnel (RFC 2661 §5.8)"),
            Map.entry("tunnel rws", "the receive window is negotiated per tunnel (RFC 2661 §5.8)"),
            Map.entry("assign ip", "addresses always come from ip range or a user's static address"),
            Map.entry("refuse authentication", "the gateway never authenticates itself to clients over PPP"),
            Map.entry("autodial", "LAC option; CertVPN is an LNS"),
            Map.entry("redial", "LAC option; CertVPN is an LNS"));

    private Lns readXl2tpd() {
        Path path = sources.resolvedXl2tpdConf();
        String text = TextFiles.read(path, path.toString(), 0, problems);
        if (text == null) {
            return null;
        }
        Xl2tpdConf conf = Xl2tpdConfParser.parse(path.toString(), text, problems);
        Lns lns = new Lns();
        lns.xl2tpdFile = path.toString();
        InetAddress listen = Defaults.anyAddress();
        int port = Defaults.L2TP_PORT;
        Duration hello = L2tpSettings.DEFAULT_HELLO_DELAY;
        Duration retransDelay = L2tpSettings.DEFAULT_CTRL_RETRANS_DELAY;
        Duration cap = null;
        Integer retransMax = null;
        Setting retransMaxS = null;
        Integer maxRetries = null;
        Setting maxRetriesS = null;
        Xl2tpdConf.Section lnsSection = null;
        for (Xl2tpdConf.Section s : conf.sections()) {
            if (s.kind().equals("global")) {
                for (Setting st : s.settings()) {
                    String v = st.value();
                    try {
                        switch (st.normalizedKey()) {
                            case "listen-addr" -> listen = Addresses.parse(v.strip());
                            case "port" -> port = Values.integer(v, 1, 65535);
                            case "hello delay", "hello interval" -> hello = positive(Values.duration(v));
                            case "ctrl retrans delay" -> retransDelay = positive(Values.duration(v));
                            case "ctrl retrans max" -> {
                                retransMax = Values.integer(v, 1, 1000);
                                retransMaxS = st;
                            }
                            case "max retries" -> {
                                maxRetries = Values.integer(v, 1, 1000);
                                maxRetriesS = st;
                            }
                            case "cap backoff" -> cap = positive(Values.duration(v));
                            case "auth file" -> problems.warning(st.file(), st.line(), "auth file: tunnel secrets from"
                                    + " l2tp-secrets are not read; set [l2tp] tunnel-secret in the native file");
                            default -> xl2tpdIgnoreOrWarn(st);
                        }
                    } catch (IllegalArgumentException e) {
                        problems.error(st.file(), st.line(), st.key() + ": " + e.getMessage());
                    }
                }
            } else if (s.kind().equals("lac")) {
                problems.warning(s.file(), s.line(), "[lac " + s.name() + "] is not used: CertVPN is an LNS (server)");
            } else if (lnsSection == null || s.name().equals("default") && !lnsSection.name().equals("default")) {
                if (lnsSection != null) {
                    problems.warning(lnsSection.file(), lnsSection.line(), "[lns " + lnsSection.name() + "] is not used;"
                            + " CertVPN serves [lns default]");
                }
                lnsSection = s;
            } else {
                problems.warning(s.file(), s.line(), "[lns " + s.name() + "] is not used; CertVPN serves one LNS, [lns "
                        + lnsSection.name() + "]");
            }
        }
        if (lnsSection == null) {
            problems.error(path.toString(), 0, "no [lns default] section");
            return null;
        }
        if (retransMax != null && maxRetries != null && !retransMax.equals(maxRetries)) {
            problems.warning(maxRetriesS.file(), maxRetriesS.line(), "max retries = " + maxRetries + " and ctrl retrans max"
                    + " = " + retransMax + " (" + retransMaxS.where() + ") set the same limit; using ctrl retrans max");
        }
        int retrans = retransMax != null ? retransMax : maxRetries != null ? maxRetries : L2tpSettings.DEFAULT_CTRL_RETRANS_MAX;
        if (cap == null) {
            // The seed's patch retransmitted at a fixed interval: without a cap, a configured delay stays fixed.
            cap = retransDelay.equals(L2tpSettings.DEFAULT_CTRL_RETRANS_DELAY) ? L2tpSettings.DEFAULT_CAP_BACKOFF : retransDelay;
        }
        if (cap.compareTo(retransDelay) < 0) {
            problems.error(path.toString(), 0, "cap backoff must not be shorter than ctrl retrans delay");
        }

        List<AddressRange> pool = new ArrayList<>();
        Inet4Address localIp = null;
        String hostname = "certvpn";
        boolean lengthBit = true;
        Setting localIpS = null;
        String pppoptfile = null;
        Setting pppoptS = null;
        for (Setting st : lnsSection.settings()) {
            String v = st.value().strip();
            try {
                switch (st.normalizedKey()) {
                    case "ip range" -> pool.add(AddressRange.parse(v));
                    case "no ip range" -> problems.warning(st.file(), st.line(), "no ip range: excluding addresses is not"
                            + " supported; narrow the ip range instead");
                    case "local ip" -> {
                        localIp = Addresses.parseIpv4(v);
                        localIpS = st;
                    }
                    case "hostname" -> hostname = nonEmpty(v);
                    case "name" -> lns.pppName = nonEmpty(v);
                    case "pppoptfile" -> {
                        pppoptfile = v;
                        pppoptS = st;
                    }
                    case "length bit" -> lengthBit = Values.yesNo(v);
                    case "require chap" -> lns.pppOptions.add(opt(Values.yesNo(v) ? "require-chap" : "", st));
                    case "refuse chap" -> lns.pppOptions.add(opt(Values.yesNo(v) ? "refuse-chap" : "", st));
                    case "require pap" -> lns.pppOptions.add(opt(Values.yesNo(v) ? "require-pap" : "", st));
                    case "refuse pap" -> lns.pppOptions.add(opt(Values.yesNo(v) ? "refuse-pap" : "", st));
                    case "require authentication" -> lns.pppOptions.add(opt(Values.yesNo(v) ? "auth" : "noauth", st));
                    case "refuse authentication" -> {
                        Values.yesNo(v);
                        problems.notice(st.file(), st.line(), st.key() + ": no effect: "
                                + XL2TPD_NO_EFFECT.get("refuse authentication"));
                    }
                    case "challenge" -> {
                        if (Values.yesNo(v)) {
                            problems.warning(st.file(), st.line(), "challenge = yes: tunnel authentication needs a"
                                    + " secret, which the classic files keep in l2tp-secrets (not read); set [l2tp]"
                                    + " tunnel-secret in the native file");
                        }
                    }
                    case "unix authentication" -> {
                        if (Values.yesNo(v)) {
                            problems.warning(st.file(), st.line(), "unix authentication is not supported; users come"
                                    + " from chap-secrets");
                        }
                    }
                    case "local ip range" -> problems.warning(st.file(), st.line(), "local ip range is not supported;"
                            + " the gateway has one address inside PPP (local ip)");
                    default -> xl2tpdIgnoreOrWarn(st);
                }
            } catch (IllegalArgumentException e) {
                String what = st.normalizedKey().equals("ip range") ? "bad ip range" : st.key();
                problems.error(st.file(), st.line(), what + ": " + e.getMessage());
            }
        }
        if (localIp == null) {
            problems.error(lnsSection.file(), lnsSection.line(), "[lns " + lnsSection.name() + "] has no 'local ip'"
                    + " (the gateway's address inside PPP)");
        }
        if (pool.isEmpty()) {
            problems.error(lnsSection.file(), lnsSection.line(), "[lns " + lnsSection.name() + "] has no 'ip range'"
                    + " (the client address pool)");
        }
        for (int i = 0; i < pool.size(); i++) {
            for (int j = i + 1; j < pool.size(); j++) {
                if (pool.get(i).overlaps(pool.get(j))) {
                    problems.error(lnsSection.file(), lnsSection.line(), "ip ranges " + pool.get(i) + " and " + pool.get(j)
                            + " overlap");
                }
            }
        }
        if (localIp != null) {
            for (AddressRange r : pool) {
                if (r.contains(localIp)) {
                    problems.error(localIpS.file(), localIpS.line(), "local ip " + localIp.getHostAddress()
                            + " is inside ip range " + r);
                }
            }
        }
        List<PppOptions.Option> xl2tpdOpts = new ArrayList<>(lns.pppOptions);
        lns.pppOptions.clear();
        lns.pppOptions.addAll(xl2tpdOpts.stream().filter(o -> !o.name().isEmpty()).toList());
        Path optPath = sources.pppOptions().orElse(null);
        if (optPath == null && pppoptfile != null) {
            try {
                optPath = sources.map(pppoptfile, path.toAbsolutePath().getParent());
            } catch (InvalidPathException e) {
                problems.error(pppoptS.file(), pppoptS.line(), "pppoptfile: not a usable path");
            }
        }
        if (optPath != null) {
            readPppOptions(optPath, pppoptS == null ? optPath.toString() : pppoptS.file(), pppoptS == null ? 0 : pppoptS.line(),
                    lns.pppOptions, new ArrayDeque<>());
        }
        if (problems.hasErrors()) {
            return null;
        }
        lns.l2tp = new L2tpSettings(listen, port, hostname, pool, localIp, lengthBit, Optional.empty(), hello, retransDelay,
                retrans, cap, false);
        return lns;
    }

    private static Duration positive(Duration d) {
        if (d.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return d;
    }

    private static String nonEmpty(String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return v;
    }

    private static PppOptions.Option opt(String name, Setting from) {
        return new PppOptions.Option(name, List.of(), true, from.file(), from.line());
    }

    private void xl2tpdIgnoreOrWarn(Setting st) {
        String why = XL2TPD_NO_EFFECT.get(st.normalizedKey());
        if (why != null && !why.isEmpty()) {
            problems.notice(st.file(), st.line(), st.key() + ": no effect: " + why);
        } else {
            problems.warning(st.file(), st.line(), "unsupported option \"" + st.key() + "\" ignored");
        }
    }

    private void readPppOptions(Path path, String refFile, int refLine, List<PppOptions.Option> out, Deque<Path> stack) {
        String text = enterNested(path, refFile, refLine, stack, "'file' option");
        if (text == null) {
            return;
        }
        Path norm = stack.peek();
        for (PppOptions.Option o : PppOptionsParser.parse(path.toString(), text, problems).options()) {
            if (o.name().equals("file")) {
                readPppOptions(sources.map(o.arg(), norm.getParent()), o.file(), o.line(), out, stack);
            } else {
                out.add(o);
            }
        }
        stack.pop();
    }

    // ---------------------------------------------------------------- pppd options

    private static final Map<String, String> PPP_NO_EFFECT = new HashMap<>();

    static {
        String serial = "there is no serial line: PPP runs inside L2TP";
        for (String o : List.of("lock", "nolock", "crtscts", "nocrtscts", "-crtscts", "modem", "local", "nodetach",
                "updetach", "persist", "nopersist", "silent", "passive", "xonxoff", "sync", "notty", "asyncmap",
                "default-asyncmap", "receive-all", "escape", "speed", "connect", "disconnect", "init", "welcome",
                "holdoff", "maxfail", "demand", "nologfd", "logfd", "connect-delay")) {
            PPP_NO_EFFECT.put(o, serial);
        }
        String logs = "CertVPN has its own log levels";
        for (String o : List.of("debug", "nodebug", "dump", "kdebug", "logfile", "hide-password", "show-password",
                "pppol2tp_debug_mask")) {
            PPP_NO_EFFECT.put(o, logs);
        }
        String compression = "compression is never negotiated (CCP is rejected)";
        for (String o : List.of("noccp", "nobsdcomp", "nodeflate", "novj", "novjccomp", "nopcomp", "noaccomp", "-pc", "-ac",
                "-vj", "bsdcomp", "deflate", "nopredictor1", "nomppe", "nomppe-40", "nomppe-128", "nomppe-stateful")) {
            PPP_NO_EFFECT.put(o, compression);
        }
        String addresses = "client addresses come from xl2tpd's ip range or a user's static address";
        for (String o : List.of("ipcp-accept-local", "ipcp-accept-remote", "noipdefault", "netmask", "allow-local-ip",
                "noremoteip")) {
            PPP_NO_EFFECT.put(o, addresses);
        }
        String routing = "the gateway routes the pool through its TUN device; routing to the LAN is the host's";
        for (String o : List.of("proxyarp", "noproxyarp", "defaultroute", "nodefaultroute", "replacedefaultroute",
                "noreplacedefaultroute", "defaultroute6", "nodefaultroute6", "usepeerdns", "ktune", "noktune")) {
            PPP_NO_EFFECT.put(o, routing);
        }
        String iface = "all sessions share one TUN device";
        for (String o : List.of("unit", "ifname", "linkname", "ipparam", "ip-up-script", "ip-down-script", "pidfile")) {
            PPP_NO_EFFECT.put(o, iface);
        }
        String ipx = "only IPv4 is carried";
        for (String o : List.of("noipx", "noipv6", "-ipv6", "noip")) {
            PPP_NO_EFFECT.put(o, ipx);
        }
        PPP_NO_EFFECT.put("refuse-eap", "EAP is never offered");
        PPP_NO_EFFECT.put("-eap", "EAP is never offered");
        PPP_NO_EFFECT.put("refuse-mschap", "MS-CHAPv1 is never offered");
        PPP_NO_EFFECT.put("-mschap", "MS-CHAPv1 is never offered");
        PPP_NO_EFFECT.put("nomp", "multilink is never negotiated");
        PPP_NO_EFFECT.put("nomultilink", "multilink is never negotiated");
        PPP_NO_EFFECT.put("noendpoint", "multilink is never negotiated");
        PPP_NO_EFFECT.put("lcp-restart", "LCP timers follow RFC 1661 defaults");
        PPP_NO_EFFECT.put("lcp-max-configure", "LCP timers follow RFC 1661 defaults");
        PPP_NO_EFFECT.put("lcp-max-terminate", "LCP timers follow RFC 1661 defaults");
        PPP_NO_EFFECT.put("lcp-max-failure", "LCP timers follow RFC 1661 defaults");
        PPP_NO_EFFECT.put("ipcp-restart", "IPCP timers follow RFC 1661 defaults");
        PPP_NO_EFFECT.put("ipcp-max-configure", "IPCP timers follow RFC 1661 defaults");
        PPP_NO_EFFECT.put("ipcp-max-failure", "IPCP timers follow RFC 1661 defaults");
        PPP_NO_EFFECT.put("ipcp-max-terminate", "IPCP timers follow RFC 1661 defaults");
        PPP_NO_EFFECT.put("pppol2tp", "L2TP runs in userspace, not through the kernel's PPPoL2TP");
        PPP_NO_EFFECT.put("pppol2tp_lns_mode", "L2TP runs in userspace, not through the kernel's PPPoL2TP");
    }

    private PppSettings ppp(Lns lns) {
        Boolean requireAuth = null;
        EnumSet<PppAuthMethod> required = EnumSet.noneOf(PppAuthMethod.class);
        EnumSet<PppAuthMethod> refused = EnumSet.noneOf(PppAuthMethod.class);
        String name = lns.pppName;
        List<Inet4Address> dns = new ArrayList<>();
        List<Inet4Address> wins = new ArrayList<>();
        int mtu = PppSettings.DEFAULT_MTU;
        int mru = PppSettings.DEFAULT_MTU;
        Duration echoInterval = PppSettings.DEFAULT_LCP_ECHO_INTERVAL;
        int echoFailure = PppSettings.DEFAULT_LCP_ECHO_FAILURE;
        PppOptions.Option lastRefuse = null;
        for (PppOptions.Option o : lns.pppOptions) {
            String n = o.name();
            try {
                switch (n) {
                    case "auth" -> requireAuth = true;
                    case "noauth" -> requireAuth = false;
                    case "require-chap", "+chap" -> require(required, refused, PppAuthMethod.CHAP_MD5);
                    case "require-mschap-v2", "+mschap-v2" -> require(required, refused, PppAuthMethod.MSCHAP_V2);
                    case "require-pap", "+pap" -> require(required, refused, PppAuthMethod.PAP);
                    case "refuse-chap", "-chap" -> {
                        refuse(required, refused, PppAuthMethod.CHAP_MD5);
                        lastRefuse = o;
                    }
                    case "refuse-mschap-v2", "-mschap-v2" -> {
                        refuse(required, refused, PppAuthMethod.MSCHAP_V2);
                        lastRefuse = o;
                    }
                    case "refuse-pap", "-pap" -> {
                        refuse(required, refused, PppAuthMethod.PAP);
                        lastRefuse = o;
                    }
                    case "require-mschap", "+mschap" -> problems.warning(o.file(), o.line(), n + ": MS-CHAPv1 is not"
                            + " supported (broken since 1999); use MS-CHAPv2");
                    case "require-eap", "+eap" -> problems.warning(o.file(), o.line(), n + ": EAP is not supported");
                    case "require-mppe", "require-mppe-40", "require-mppe-128", "mppe", "mppe-stateful" -> problems.warning(
                            o.file(), o.line(), n + ": MPPE is not supported; the link is already encrypted by IPsec");
                    case "ms-dns" -> {
                        Inet4Address a = Addresses.parseIpv4(o.arg());
                        if (dns.size() == 2) {
                            problems.warning(o.file(), o.line(), "ms-dns: IPCP carries two DNS servers; "
                                    + a.getHostAddress() + " ignored");
                        } else {
                            dns.add(a);
                        }
                    }
                    case "ms-wins" -> {
                        Inet4Address a = Addresses.parseIpv4(o.arg());
                        if (wins.size() == 2) {
                            problems.warning(o.file(), o.line(), "ms-wins: IPCP carries two WINS servers; "
                                    + a.getHostAddress() + " ignored");
                        } else {
                            wins.add(a);
                        }
                    }
                    case "mtu" -> mtu = Values.integer(o.arg(), 128, 16384);
                    case "mru" -> mru = Values.integer(o.arg(), 128, 16384);
                    case "lcp-echo-interval" -> echoInterval = Duration.ofSeconds(Values.integer(o.arg(), 0, 86400));
                    case "lcp-echo-failure" -> echoFailure = Values.integer(o.arg(), 0, 1000);
                    case "name" -> name = nonEmpty(o.arg());
                    case "idle", "maxconnect" -> problems.warning(o.file(), o.line(), n + " is not supported; sessions end"
                            + " on LCP echo failure, DPD or the client's choice");
                    case "plugin" -> problems.warning(o.file(), o.line(), "plugin " + o.arg() + ": pppd plugins are not"
                            + " loaded; users come from chap-secrets");
                    case "user", "password", "remotename", "remotenumber" -> problems.notice(o.file(), o.line(), n
                            + ": no effect: these are pppd client options");
                    case "login" -> problems.warning(o.file(), o.line(), "login (system password database) is not"
                            + " supported; users come from chap-secrets");
                    case "ms-dns6" -> problems.warning(o.file(), o.line(), "ms-dns6: IPv6 is not carried yet");
                    default -> {
                        if (isAddressPair(n)) {
                            problems.notice(o.file(), o.line(), n + ": no effect: client addresses come from xl2tpd's"
                                    + " local ip and ip range");
                        } else if (PPP_NO_EFFECT.containsKey(n)) {
                            problems.notice(o.file(), o.line(), n + ": no effect: " + PPP_NO_EFFECT.get(n));
                        } else {
                            problems.warning(o.file(), o.line(), (o.known() ? "unsupported" : "unknown") + " pppd option \""
                                    + n + "\" ignored");
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.error(o.file(), o.line(), n + ": " + e.getMessage());
            }
        }
        boolean authRequired = requireAuth != null ? requireAuth : !required.isEmpty();
        if (requireAuth != null && !requireAuth && !required.isEmpty()) {
            authRequired = true;
        }
        List<PppAuthMethod> methods = new ArrayList<>();
        if (authRequired) {
            for (PppAuthMethod m : PppAuthMethod.values()) {
                boolean wanted = required.isEmpty() ? m != PppAuthMethod.PAP : required.contains(m);
                if (wanted && !refused.contains(m)) {
                    methods.add(m);
                }
            }
            if (methods.isEmpty()) {
                String f = lastRefuse != null ? lastRefuse.file() : lns.xl2tpdFile;
                int l = lastRefuse != null ? lastRefuse.line() : 0;
                problems.error(f, l, "PPP authentication is required but every method is refused");
            }
        }
        if (name == null) {
            name = lns.l2tp.hostname();
        }
        return new PppSettings(name, authRequired, methods, dns, wins, mtu, mru, echoInterval, echoFailure);
    }

    private static void require(Set<PppAuthMethod> required, Set<PppAuthMethod> refused, PppAuthMethod m) {
        required.add(m);
        refused.remove(m);
    }

    private static void refuse(Set<PppAuthMethod> required, Set<PppAuthMethod> refused, PppAuthMethod m) {
        refused.add(m);
        required.remove(m);
    }

    private static boolean isAddressPair(String n) {
        int c = n.indexOf(':');
        if (c < 0) {
            return false;
        }
        String a = n.substring(0, c);
        String b = n.substring(c + 1);
        return (a.isEmpty() || Addresses.looksLikeAddress(a)) && (b.isEmpty() || Addresses.looksLikeAddress(b));
    }

    // ---------------------------------------------------------------- chap-secrets

    private List<User> users(Lns lns, PppSettings ppp) {
        List<User> users = new ArrayList<>();
        if (ppp == null) {
            return users;
        }
        Path path = sources.resolvedChapSecrets();
        if (sources.chapSecrets().isEmpty() && !java.nio.file.Files.exists(path)) {
            if (ppp.requireAuthentication()) {
                problems.warning(path.toString(), 0, "no chap-secrets: nobody can log in over PPP");
            }
            return users;
        }
        String text = TextFiles.read(path, path.toString(), 0, problems);
        if (text == null) {
            return users;
        }
        Map<String, Integer> seen = new HashMap<>();
        Map<Inet4Address, Integer> statics = new HashMap<>();
        for (ChapSecrets.Entry e : ChapSecretsParser.parse(path.toString(), text, problems).entries()) {
            if (e.secretFromFile()) {
                problems.warning(e.file(), e.line(), "secrets read from a file (@" + e.secret().substring(1) + ") are not"
                        + " supported; line ignored");
                continue;
            }
            Optional<Inet4Address> staticAddress = Optional.empty();
            List<String> addrs = e.addresses().stream().filter(a -> !a.equals("*")).toList();
            if (!addrs.isEmpty()) {
                String a = addrs.getFirst();
                if (addrs.size() > 1 || !Addresses.isIpv4Literal(a)) {
                    problems.warning(e.file(), e.line(), "only one static address per user is supported; "
                            + (Addresses.isIpv4Literal(a) ? "using " + a : "\"" + String.join(" ", addrs) + "\" ignored"));
                }
                if (Addresses.isIpv4Literal(a)) {
                    Inet4Address addr = Addresses.parseIpv4(a);
                    if (addr.equals(lns.l2tp.localIp())) {
                        problems.error(e.file(), e.line(), "static address " + a + " is the gateway's local ip");
                    }
                    Integer other = statics.putIfAbsent(addr, e.line());
                    if (other != null) {
                        problems.error(e.file(), e.line(), "static address " + a + " already given to the user on line " + other);
                    }
                    staticAddress = Optional.of(addr);
                }
            }
            String name = e.clientWildcard() ? "*" : e.client();
            String key = name + "\u0000" + e.server();
            Integer earlier = seen.putIfAbsent(key, e.line());
            if (earlier != null) {
                problems.warning(e.file(), e.line(), "user \"" + name + "\" already defined on line " + earlier
                        + "; this line is ignored (pppd uses the first)");
                continue;
            }
            users.add(new User(name, e.server(), new Secret(e.secret()), staticAddress));
        }
        return users;
    }
}
