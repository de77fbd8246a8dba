package org.certvpn.config.toml;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certvpn.config.AddressRange;
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
import org.certvpn.config.PkiSource;
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
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.PkiFileException;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseOptions;
import org.tomlj.TomlParseResult;

/**
 * Reads the native TOML file into the model. Syntax errors come from tomlj with their line; every
 * semantic error (bad address, unknown key, unreadable key file, wrong passphrase) names the line of the
 * key that caused it. Relative paths are relative to the file's directory. The layout is documented in
 * docs/CONFIG.md and shown by certvpn.example.toml.
 */
public final class NativeConfigReader {
    /** Largest native file read. */
    public static final int MAX_SIZE = 1 << 20;
    private static final int MAX_NESTING = 16;

    private final String file;
    private final Path baseDir;
    private final PkiSource pki;
    private final Problems problems;

    private NativeConfigReader(String file, Path baseDir, PkiSource pki, Problems problems) {
        this.file = file;
        this.baseDir = baseDir;
        this.pki = pki;
        this.problems = problems;
    }

    /** Reads {@code path}; the model is present only when {@code problems} holds no error. */
    public static Optional<GatewayConfig> load(Path path, Problems problems) {
        String name = path.toString();
        String text;
        try {
            if (!Files.isRegularFile(path)) {
                problems.error(name, 0, Files.exists(path) ? "not a regular file" : "no such file");
                return Optional.empty();
            }
            if (Files.size(path) > MAX_SIZE) {
                problems.error(name, 0, "larger than " + MAX_SIZE + " bytes");
                return Optional.empty();
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.error(name, 0, "cannot read: " + e.getMessage());
            return Optional.empty();
        }
        Path dir = path.toAbsolutePath().normalize().getParent();
        return parse(name, text, dir, PkiSource.files(), problems);
    }

    /** Reads native configuration text; certificates and keys come from {@code pki}. */
    public static Optional<GatewayConfig> parse(String file, String text, Path baseDir, PkiSource pki, Problems problems) {
        TomlParseResult toml = Toml.parse(text, TomlParseOptions.defaults().withMaxNestingDepth(MAX_NESTING));
        if (toml.hasErrors()) {
            for (TomlParseError e : toml.errors()) {
                int line = e.position() == null ? 0 : Math.max(0, e.position().line());
                problems.error(file, line, "TOML syntax: " + e.getMessage());
            }
            return Optional.empty();
        }
        GatewayConfig c = new NativeConfigReader(file, baseDir, pki, problems).read(new Node(toml, "", file, 1, problems));
        return problems.hasErrors() || c == null ? Optional.empty() : Optional.of(c);
    }

    private GatewayConfig read(Node root) {
        root.rejectUnknown(Set.of("ike", "connection", "l2tp", "ppp", "user", "binding", "tun", "control", "metrics", "limits"));
        IkeSettings ike = ike(root.tableOrEmpty("ike"));
        List<Connection> connections = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        List<Node> connNodes = root.tables("connection");
        for (Node n : connNodes) {
            Connection c = connection(n);
            if (c != null) {
                Integer earlier = names.putIfAbsent(c.name(), n.line());
                if (earlier != null) {
                    n.error("duplicate connection name \"" + c.name() + "\" (first on line " + earlier + ")");
                }
                connections.add(c);
            }
        }
        L2tpSettings l2tp = l2tp(root.tableOrEmpty("l2tp"));
        if (connNodes.isEmpty() && l2tp != null && !l2tp.cleartextTestMode()) {
            // Only the cleartext L2TP test mode runs without IPsec.
            root.error("at least one [[connection]] is required (unless l2tp.cleartext-test-mode = true)");
        }
        PppSettings ppp = ppp(root.tableOrEmpty("ppp"), l2tp);
        List<User> users = users(root.tables("user"), l2tp);
        UserBinding binding = binding(root.tableOrEmpty("binding"));
        TunSettings tun = tun(root.tableOrEmpty("tun"), l2tp);
        Node controlNode = root.tableOrEmpty("control");
        controlNode.rejectUnknown(Set.of("socket"));
        ControlSettings control = new ControlSettings(path(controlNode, "socket").orElse(ControlSettings.DEFAULT_SOCKET));
        Node m = root.tableOrEmpty("metrics");
        m.rejectUnknown(Set.of("enabled", "listen", "port"));
        MetricsSettings metrics = new MetricsSettings(m.bool("enabled", true), m.address("listen", Defaults.loopback()),
                m.integer("port", 1, 65535, MetricsSettings.DEFAULT_PORT));
        Limits limits = limits(root.tableOrEmpty("limits"));
        if (problems.hasErrors() || l2tp == null || ppp == null || tun == null) {
            return null;
        }
        return new GatewayConfig(connections, ike, l2tp, ppp, users, binding, tun, control, metrics, limits);
    }

    private IkeSettings ike(Node n) {
        n.rejectUnknown(Set.of("listen", "port", "nat-t-port", "uniqueids", "legacy-clients", "on-revocation"));
        UniqueIds u = UniqueIds.NO;
        Optional<String> uid = n.optString("uniqueids");
        if (uid.isPresent()) {
            switch (uid.get().toLowerCase(Locale.ROOT)) {
                case "no" -> u = UniqueIds.NO;
                case "yes" -> u = UniqueIds.YES;
                default -> n.error("uniqueids", "expected \"no\" or \"yes\"");
            }
        }
        boolean disconnectRevoked = true;
        Optional<String> onRevocation = n.optString("on-revocation");
        if (onRevocation.isPresent()) {
            switch (onRevocation.get().toLowerCase(Locale.ROOT)) {
                case "disconnect" -> disconnectRevoked = true;
                case "keep" -> disconnectRevoked = false;
                default -> n.error("on-revocation", "expected \"disconnect\" or \"keep\"");
            }
        }
        return new IkeSettings(n.address("listen", Defaults.anyAddress()), n.integer("port", 1, 65535, Defaults.IKE_PORT),
                n.integer("nat-t-port", 1, 65535, Defaults.NAT_T_PORT), u, n.bool("legacy-clients", true),
                disconnectRevoked);
    }

    private static final Set<String> CONNECTION_KEYS = Set.of("name", "auth", "local-address", "remote-address",
            "local-id", "remote-ids", "certificate", "key", "key-passphrase", "key-passphrase-file", "trusted-cas", "required-ca", "crls", "psk",
            "ike-proposals", "esp-proposals", "require-pfs", "ike-lifetime", "sa-lifetime", "rekey-margin", "dpd",
            "nat-traversal", "fragmentation", "aggressive-mode");

    private Connection connection(Node n) {
        n.rejectUnknown(CONNECTION_KEYS);
        int errorsBefore = problems.errors().size();
        String name = n.requiredString("name").orElse("?");
        AuthMethod auth = AuthMethod.CERTIFICATE;
        Optional<String> authText = n.optString("auth");
        if (authText.isPresent()) {
            switch (authText.get().toLowerCase(Locale.ROOT)) {
                case "certificate" -> auth = AuthMethod.CERTIFICATE;
                case "psk" -> auth = AuthMethod.PSK;
                default -> n.error("auth", "expected \"certificate\" or \"psk\"");
            }
        }
        var localAddress = n.parsed("local-address", org.certvpn.config.Addresses::parse);
        var remoteAddress = n.parsed("remote-address", org.certvpn.config.Addresses::parse);
        PeerId localId = n.parsed("local-id", PeerId::parse)
                .orElse(auth == AuthMethod.CERTIFICATE ? new PeerId.FromCertificate() : new PeerId.OwnAddress());
        if (localId instanceof PeerId.Any) {
            n.error("local-id", "our own identity cannot be %any");
        }
        List<PeerId> remoteIds = n.has("remote-ids") ? n.list("remote-ids", PeerId::parse) : List.of(new PeerId.Any());
        for (PeerId id : remoteIds) {
            if (id instanceof PeerId.FromCertificate || id instanceof PeerId.OwnAddress) {
                n.error("remote-ids", id + " is only for local-id");
            }
        }

        Optional<ServerCredential> credential = Optional.empty();
        List<CertificateFile> cas = new ArrayList<>();
        List<CrlFile> crls = new ArrayList<>();
        Optional<DnPattern> requiredCa = n.parsed("required-ca", DnPattern::parse);
        List<PreSharedKey> psks = new ArrayList<>();
        if (auth == AuthMethod.CERTIFICATE) {
            for (String k : List.of("psk", "aggressive-mode")) {
                if (n.has(k) && !(k.equals("aggressive-mode") && !n.bool(k, false))) {
                    n.error(k, "only for auth = \"psk\"");
                }
            }
            credential = credential(n);
            for (Path p : pathList(n, "trusted-cas")) {
                try {
                    cas.add(new CertificateFile(p, pki.certificates(p)));
                } catch (PkiFileException e) {
                    n.error("trusted-cas", e.getMessage());
                }
            }
            if (!n.has("trusted-cas")) {
                n.error("trusted-cas is required for certificate connections (the CA that issues client certificates)");
            }
            for (Path p : pathList(n, "crls")) {
                try {
                    crls.add(new CrlFile(p, pki.crl(p)));
                } catch (PkiFileException e) {
                    n.error("crls", e.getMessage());
                }
            }
            if (requiredCa.isPresent() && !cas.isEmpty() && cas.stream().flatMap(f -> f.certificates().stream())
                    .noneMatch(c -> requiredCa.get().matches(c.getSubjectX500Principal()))) {
                n.error("required-ca", "matches no certificate of trusted-cas");
            }
            if (localId instanceof PeerId.Dn dn && credential.isPresent()
                    && !dn.pattern().matches(credential.get().certificate().first().getSubjectX500Principal())) {
                n.error("local-id", "does not match the subject of our certificate ("
                        + credential.get().certificate().first().getSubjectX500Principal().getName() + ")");
            }
        } else {
            for (String k : List.of("certificate", "key", "key-passphrase", "key-passphrase-file", "trusted-cas", "crls",
                    "required-ca")) {
                if (n.has(k)) {
                    n.error(k, "only for auth = \"certificate\"");
                }
            }
            for (Node p : n.tables("psk")) {
                p.rejectUnknown(Set.of("ids", "secret"));
                List<PeerId> ids = p.has("ids") ? p.list("ids", PeerId::parse) : List.of(new PeerId.Any());
                Optional<String> secret = p.requiredString("secret");
                if (secret.isPresent() && secret.get().isEmpty()) {
                    p.error("secret", "must not be empty");
                } else {
                    secret.ifPresent(s -> psks.add(new PreSharedKey(ids, new Secret(s))));
                }
            }
            if (!n.has("psk")) {
                n.error("a PSK connection needs at least one [[connection.psk]]");
            }
        }
        List<IkeProposal> ike = Defaults.IKE_PROPOSALS;
        if (n.has("ike-proposals")) {
            ike = proposals(n, "ike-proposals", true);
        }
        List<EspProposal> esp = Defaults.ESP_PROPOSALS;
        if (n.has("esp-proposals")) {
            esp = proposals(n, "esp-proposals", false);
        }
        Duration ikeLifetime = n.duration("ike-lifetime", Connection.DEFAULT_IKE_LIFETIME, false);
        Duration saLifetime = n.duration("sa-lifetime", Connection.DEFAULT_SA_LIFETIME, false);
        Duration margin = n.duration("rekey-margin", Connection.DEFAULT_REKEY_MARGIN, false);
        if (margin.compareTo(saLifetime) >= 0) {
            n.error("rekey-margin", "must be shorter than sa-lifetime");
        }
        Dpd dpd = dpd(n.tableOrEmpty("dpd"));
        Node natNode = n.tableOrEmpty("nat-traversal");
        natNode.rejectUnknown(Set.of("enabled", "force-encapsulation", "keepalive"));
        NatTraversal nat = new NatTraversal(natNode.bool("enabled", true), natNode.bool("force-encapsulation", false),
                natNode.duration("keepalive", NatTraversal.DEFAULT.keepalive(), false));
        if (nat.forceEncapsulation() && !nat.enabled()) {
            natNode.error("force-encapsulation", "needs NAT traversal enabled");
        }
        boolean aggressive = n.bool("aggressive-mode", false);
        if (problems.errors().size() > errorsBefore) {
            return null;
        }
        return new Connection(name, auth, localAddress, remoteAddress, localId, remoteIds, credential, cas, requiredCa,
                crls, psks, ike, esp, n.bool("require-pfs", false), ikeLifetime, saLifetime, margin, dpd, nat,
                n.bool("fragmentation", true), aggressive);
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> proposals(Node n, String key, boolean ikeList) {
        List<String> texts = n.list(key, s -> s);
        List<T> out = new ArrayList<>();
        for (String t : texts) {
            try {
                var r = ikeList ? ProposalParser.parseIke(t) : ProposalParser.parseEsp(t);
                r.warnings().forEach(w -> problems.warning(file, n.lineOf(key), n.qualified(key) + ": " + w));
                for (Object p : r.proposals()) {
                    if (!out.contains(p)) {
                        out.add((T) p);
                    }
                }
            } catch (ProposalParser.ProposalException e) {
                n.error(key, e.getMessage());
            }
        }
        if (out.isEmpty() && texts.isEmpty()) {
            n.error(key, "must name at least one proposal");
        }
        return out;
    }

    private Dpd dpd(Node n) {
        n.rejectUnknown(Set.of("enabled", "delay", "timeout", "action"));
        Dpd.Action action = Dpd.DEFAULT.action();
        Optional<String> a = n.optString("action");
        if (a.isPresent()) {
            switch (a.get().toLowerCase(Locale.ROOT)) {
                case "clear" -> action = Dpd.Action.CLEAR;
                case "hold" -> action = Dpd.Action.HOLD;
                default -> n.error("action", "expected \"clear\" or \"hold\"");
            }
        }
        Duration delay = n.duration("delay", Dpd.DEFAULT.delay(), false);
        Duration timeout = n.duration("timeout", Dpd.DEFAULT.timeout(), false);
        if (timeout.compareTo(delay) < 0) {
            n.error("timeout", "must not be shorter than delay");
        }
        return new Dpd(n.bool("enabled", true), delay, timeout, action);
    }

    private Optional<ServerCredential> credential(Node n) {
        Optional<Path> certPath = path(n, "certificate");
        Optional<Path> keyPath = path(n, "key");
        if (certPath.isEmpty() && !n.has("certificate")) {
            n.error("certificate is required for certificate connections");
        }
        if (keyPath.isEmpty() && !n.has("key")) {
            n.error("key is required for certificate connections");
        }
        Optional<Secret> passphrase = n.optString("key-passphrase").map(Secret::new);
        Optional<Path> passphraseFile = path(n, "key-passphrase-file");
        if (passphraseFile.isPresent()) {
            if (passphrase.isPresent()) {
                n.error("key-passphrase-file", "give key-passphrase or key-passphrase-file, not both");
                return Optional.empty();
            }
            try {
                passphrase = Optional.of(new Secret(pki.secret(passphraseFile.get())));
            } catch (PkiFileException e) {
                n.error("key-passphrase-file", e.getMessage());
                return Optional.empty();
            }
        }
        if (certPath.isEmpty() || keyPath.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = pki.certificates(certPath.get());
        } catch (PkiFileException e) {
            n.error("certificate", e.getMessage());
            return Optional.empty();
        }
        try {
            key = pki.privateKey(keyPath.get(), passphrase.map(Secret::toChars).orElse(null));
        } catch (PkiFileException e) {
            n.error("key", e.getMessage());
            return Optional.empty();
        }
        String unusable = Credentials.unusableServerKey(chain.getFirst());
        if (unusable != null) {
            n.error("certificate", certPath.get() + " " + unusable);
            return Optional.empty();
        }
        if (!Credentials.keyMatches(chain.getFirst(), key)) {
            n.error("key", "does not belong to the certificate " + certPath.get());
            return Optional.empty();
        }
        return Optional.of(new ServerCredential(new CertificateFile(certPath.get(), chain),
                new KeyFile(keyPath.get(), key, passphrase)));
    }

    private Optional<Path> path(Node n, String key) {
        return n.parsed(key, this::resolve);
    }

    private Path resolve(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        try {
            Path p = Path.of(s);
            return (p.isAbsolute() ? p : baseDir.resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a usable path: " + e.getReason());
        }
    }

    /** Files named directly, and the regular files (in name order) of directories named. */
    private List<Path> pathList(Node n, String key) {
        List<Path> out = new ArrayList<>();
        for (Path p : n.list(key, this::resolve)) {
            if (Files.isDirectory(p)) {
                List<Path> in = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                    for (Path f : ds) {
                        if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")) {
                            in.add(f);
                        }
                    }
                } catch (IOException e) {
                    n.error(key, p + ": cannot list: " + e.getMessage());
                }
                in.sort(null);
                out.addAll(in);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private L2tpSettings l2tp(Node n) {
        n.rejectUnknown(Set.of("listen", "port", "hostname", "pool", "local-ip", "length-bit", "tunnel-secret",
                "hello-delay", "ctrl-retrans-delay", "ctrl-retrans-max", "cap-backoff", "cleartext-test-mode"));
        Optional<Inet4Address> localIp = n.ipv4("local-ip");
        if (!n.has("local-ip")) {
            n.error("[l2tp] local-ip is required (the gateway's address inside PPP)");
        }
        List<AddressRange> pool = n.list("pool", AddressRange::parse);
        if (!n.has("pool")) {
            n.error("[l2tp] pool is required (the client address ranges)");
        }
        for (int i = 0; i < pool.size(); i++) {
            for (int j = i + 1; j < pool.size(); j++) {
                if (pool.get(i).overlaps(pool.get(j))) {
                    n.error("pool", "ranges " + pool.get(i) + " and " + pool.get(j) + " overlap");
                }
            }
            if (localIp.isPresent() && pool.get(i).contains(localIp.get())) {
                n.error("local-ip", localIp.get().getHostAddress() + " is inside the pool range " + pool.get(i));
            }
        }
        Duration delay = n.duration("ctrl-retrans-delay", L2tpSettings.DEFAULT_CTRL_RETRANS_DELAY, false);
        Duration cap = n.duration("cap-backoff", L2tpSettings.DEFAULT_CAP_BACKOFF, false);
        if (cap.compareTo(delay) < 0) {
            n.error("cap-backoff", "must not be shorter than ctrl-retrans-delay");
        }
        Optional<Secret> secret = n.optString("tunnel-secret").filter(s -> !s.isEmpty()).map(Secret::new);
        String hostname = n.string("hostname", "certvpn");
        if (hostname.isEmpty()) {
            n.error("hostname", "must not be empty");
        }
        if (localIp.isEmpty()) {
            return null;
        }
        return new L2tpSettings(n.address("listen", Defaults.anyAddress()), n.integer("port", 1, 65535, Defaults.L2TP_PORT),
                hostname, pool, localIp.get(), n.bool("length-bit", true), secret,
                n.duration("hello-delay", L2tpSettings.DEFAULT_HELLO_DELAY, false), delay,
                n.integer("ctrl-retrans-max", 1, 1000, L2tpSettings.DEFAULT_CTRL_RETRANS_MAX), cap,
                n.bool("cleartext-test-mode", false));
    }

    private PppSettings ppp(Node n, L2tpSettings l2tp) {
        n.rejectUnknown(Set.of("name", "require-authentication", "auth", "ms-dns", "ms-wins", "mtu", "mru",
                "lcp-echo-interval", "lcp-echo-failure"));
        boolean required = n.bool("require-authentication", true);
        List<PppAuthMethod> methods = PppSettings.DEFAULT_AUTH;
        if (n.has("auth")) {
            methods = new ArrayList<>();
            for (PppAuthMethod m : n.list("auth", s -> {
                PppAuthMethod m = PppAuthMethod.byKeyword(s);
                if (m == null) {
                    throw new IllegalArgumentException("unknown method \"" + s + "\" (mschap-v2, chap or pap)");
                }
                return m;
            })) {
                if (!methods.contains(m)) {
                    methods.add(m);
                }
            }
        }
        if (!required) {
            if (n.has("auth") && !methods.isEmpty()) {
                n.error("auth", "set only when require-authentication = true");
            }
            methods = List.of();
        } else if (methods.isEmpty()) {
            n.error("auth", "authentication is required but no method is allowed");
        }
        List<Inet4Address> dns = n.list("ms-dns", org.certvpn.config.Addresses::parseIpv4);
        List<Inet4Address> wins = n.list("ms-wins", org.certvpn.config.Addresses::parseIpv4);
        if (dns.size() > 2) {
            n.error("ms-dns", "IPCP carries at most two DNS servers");
        }
        if (wins.size() > 2) {
            n.error("ms-wins", "IPCP carries at most two WINS servers");
        }
        String name = n.string("name", l2tp == null ? "certvpn" : l2tp.hostname());
        if (name.isEmpty()) {
            n.error("name", "must not be empty");
        }
        if (dns.size() > 2 || wins.size() > 2) {
            return null;
        }
        return new PppSettings(name, required, methods, dns, wins, n.integer("mtu", 128, 16384, PppSettings.DEFAULT_MTU),
                n.integer("mru", 128, 16384, PppSettings.DEFAULT_MTU),
                n.duration("lcp-echo-interval", PppSettings.DEFAULT_LCP_ECHO_INTERVAL, true),
                n.integer("lcp-echo-failure", 0, 1000, PppSettings.DEFAULT_LCP_ECHO_FAILURE));
    }

    private List<User> users(List<Node> nodes, L2tpSettings l2tp) {
        List<User> users = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<Inet4Address, Integer> statics = new HashMap<>();
        for (Node n : nodes) {
            n.rejectUnknown(Set.of("name", "password", "server", "static-address"));
            Optional<String> name = n.requiredString("name");
            Optional<String> password = n.requiredString("password");
            String server = n.string("server", "*");
            Optional<Inet4Address> addr = n.ipv4("static-address");
            if (name.isPresent() && name.get().isEmpty()) {
                n.error("name", "must not be empty");
                continue;
            }
            if (name.isEmpty() || password.isEmpty()) {
                continue;
            }
            Integer earlier = seen.putIfAbsent(name.get() + "\u0000" + server, n.line());
            if (earlier != null) {
                n.error("name", "user \"" + name.get() + "\" is already defined on line " + earlier);
            }
            if (addr.isPresent()) {
                Integer other = statics.putIfAbsent(addr.get(), n.line());
                if (other != null) {
                    n.error("static-address", addr.get().getHostAddress() + " is already given to the user on line " + other);
                }
                if (l2tp != null && addr.get().equals(l2tp.localIp())) {
                    n.error("static-address", "is the gateway's local-ip");
                }
            }
            users.add(new User(name.get(), server, new Secret(password.get()), addr));
        }
        return users;
    }

    private UserBinding binding(Node n) {
        n.rejectUnknown(Set.of("mode", "map"));
        UserBinding.Mode mode = UserBinding.Mode.REQUIRE;
        Optional<String> m = n.optString("mode");
        if (m.isPresent()) {
            switch (m.get().toLowerCase(Locale.ROOT)) {
                case "require" -> mode = UserBinding.Mode.REQUIRE;
                case "map" -> mode = UserBinding.Mode.MAP;
                case "off" -> mode = UserBinding.Mode.OFF;
                default -> n.error("mode", "expected \"require\", \"map\" or \"off\"");
            }
        }
        Map<String, String> map = new LinkedHashMap<>();
        Optional<Node> mapNode = n.table("map");
        if (mapNode.isPresent()) {
            for (String cn : mapNode.get().raw().keySet()) {
                Object v = mapNode.get().raw().get(List.of(cn));
                if (v instanceof String user && !user.isEmpty()) {
                    map.put(cn, user);
                } else {
                    mapNode.get().error(cn, "expected the PPP user name (a string)");
                }
            }
        }
        if (mode == UserBinding.Mode.MAP && map.isEmpty()) {
            n.error("mode", "\"map\" needs a [binding.map] table: certificate CN = PPP user");
        }
        if (mode != UserBinding.Mode.MAP && !map.isEmpty()) {
            n.error("map", "only used with mode = \"map\"");
        }
        return new UserBinding(mode, map);
    }

    private TunSettings tun(Node n, L2tpSettings l2tp) {
        n.rejectUnknown(Set.of("name", "address", "isolate-clients"));
        String name = n.string("name", TunSettings.DEFAULT_NAME);
        if (name.isEmpty() || name.length() > 15 || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != '/')) {
            n.error("name", "an interface name is 1 to 15 visible characters without '/'");
        }
        Optional<Inet4Address> address = n.ipv4("address");
        if (address.isEmpty() && l2tp == null) {
            return null;
        }
        return new TunSettings(name, address.orElse(l2tp == null ? null : l2tp.localIp()), n.bool("isolate-clients", true));
    }

    private Limits limits(Node n) {
        Limits d = Limits.DEFAULT;
        n.rejectUnknown(Set.of("max-tunnels-per-source", "max-tunnels-per-user", "max-tunnels", "max-half-open-per-source",
                "max-half-open", "max-fragments-per-message", "max-reassembled-size", "reassembly-timeout",
                "max-pending-reassemblies", "login-free-failures", "login-backoff", "login-backoff-max",
                "login-lockout-after", "login-lockout"));
        int big = 1 << 20;
        Limits.LoginThrottle t = Limits.LoginThrottle.DEFAULT;
        Duration backoff = n.duration("login-backoff", t.backoff(), false);
        Duration maxBackoff = n.duration("login-backoff-max", t.maxBackoff(), false);
        if (maxBackoff.compareTo(backoff) < 0) {
            n.error("login-backoff-max", "is shorter than login-backoff");
            maxBackoff = backoff;
        }
        Limits.LoginThrottle throttle = new Limits.LoginThrottle(
                n.integer("login-free-failures", 0, big, t.freeFailures()), backoff, maxBackoff,
                n.integer("login-lockout-after", 0, big, t.lockoutAfter()),
                n.duration("login-lockout", t.lockout(), false));
        return new Limits(
                n.integer("max-tunnels-per-source", 1, big, d.maxTunnelsPerSource()),
                n.integer("max-tunnels-per-user", 1, big, d.maxTunnelsPerUser()),
                n.integer("max-tunnels", 1, big, d.maxTunnels()),
                n.integer("max-half-open-per-source", 1, big, d.maxHalfOpenPerSource()),
                n.integer("max-half-open", 1, big, d.maxHalfOpen()),
                n.integer("max-fragments-per-message", 1, 255, d.maxFragmentsPerMessage()),
                n.integer("max-reassembled-size", 576, 1 << 20, d.maxReassembledSize()),
                n.duration("reassembly-timeout", d.reassemblyTimeout(), false),
                n.integer("max-pending-reassemblies", 1, big, d.maxPendingReassemblies()),
                throttle);
    }

}
