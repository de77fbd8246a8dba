package org.certvpn.config.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.certvpn.config.AddressRange;
import org.certvpn.config.Addresses;
import org.certvpn.config.AuthMethod;
import org.certvpn.config.CertificateFile;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigProblem;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.Connection;
import org.certvpn.config.ControlSettings;
import org.certvpn.config.Defaults;
import org.certvpn.config.Dpd;
import org.certvpn.config.GatewayConfig;
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
import org.certvpn.config.ProposalParser;
import org.certvpn.config.Secret;
import org.certvpn.config.ServerCredential;
import org.certvpn.config.TestPki;
import org.certvpn.config.TunSettings;
import org.certvpn.config.UniqueIds;
import org.certvpn.config.User;
import org.certvpn.config.UserBinding;
import org.certvpn.pki.DnPattern;
import org.certvpn.pki.PkiFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden tests: the seed's exact files and a libreswan L2TP/PSK setup (as hwdsl2/setup-ipsec-vpn
 * writes it) load into the expected model; each broken input yields its file:line error. Addresses are
 * documentation ranges only: where the seed used 10.100.254.x these files use 192.0.2.x.
 */
class ClassicLoaderTest {
    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makePki() throws Exception {
        TestPki.create(pki);
    }

    static Inet4Address ip(String s) {
        return Addresses.parseIpv4(s);
    }

    static GatewayConfig loaded(ConfigResult r) {
        if (r instanceof ConfigResult.Failed f) {
            throw new AssertionError("load failed: " + f.errors());
        }
        return ((ConfigResult.Loaded) r).config();
    }

    static List<ConfigProblem> errors(ConfigResult r) {
        assertThat(r).isInstanceOf(ConfigResult.Failed.class);
        return ((ConfigResult.Failed) r).errors();
    }

    @Test
    void seedFilesLoadIntoTheExpectedModel() throws Exception {
        Path etc = SeedFiles.write(dir.resolve("etc"), pki);
        ConfigResult r = ConfigLoader.load(new ConfigSources.Classic(ClassicSources.etc(etc)));
        GatewayConfig c = loaded(r);

        Path cert = etc.resolve("ipsec.d/certs/Android_IPsec_Server.pem").toAbsolutePath().normalize();
        Path key = etc.resolve("ipsec.d/private/Android_IPsec_Server.key").toAbsolutePath().normalize();
        Path ca = etc.resolve("ipsec.d/cacerts/KLab_Root_CA.crt").toAbsolutePath().normalize();
        Connection expected = new Connection(
                "Android-L2TP-IPsec",
                AuthMethod.CERTIFICATE,
                Optional.empty(),
                Optional.empty(),
                new PeerId.Dn(DnPattern.parse("C=JP, ST=Tokyo, O=KLab inc., CN=vpn.example.com")),
                List.of(new PeerId.Dn(DnPattern.parse("C=JP, ST=Tokyo, O=KLab Inc., CN=*"))),
                Optional.of(new ServerCredential(
                        new CertificateFile(cert, PkiFiles.readCertificates(cert)),
                        new KeyFile(key, PkiFiles.readPrivateKey(key, "hogefuga".toCharArray()),
                                Optional.of(new Secret("hogefuga"))))),
                List.of(new CertificateFile(ca, PkiFiles.readCertificates(ca))),
                Optional.of(DnPattern.parse("C=JP, ST=Tokyo, O=KLab Inc., CN=KLab Inc. Root CA")),
                List.of(),
                List.of(),
                Defaults.IKE_PROPOSALS,
                Defaults.ESP_PROPOSALS,
                false,
                Duration.ofHours(8),
                Duration.ofHours(8),
                Duration.ofMinutes(10),
                Dpd.DEFAULT,
                NatTraversal.DEFAULT,
                true,
                false);
        GatewayConfig expectedConfig = new GatewayConfig(
                List.of(expected),
                new IkeSettings(Defaults.anyAddress(), 500, 4500, UniqueIds.NO, true),
                new L2tpSettings(Defaults.anyAddress(), 1701, "gw1",
                        List.of(new AddressRange(ip("192.0.2.128"), ip("192.0.2.254"))), ip("192.0.2.1"), true,
                        Optional.empty(), Duration.ofSeconds(60), Duration.ofSeconds(1), 5, Duration.ofSeconds(16), false),
                new PppSettings("gw1", true, List.of(PppAuthMethod.CHAP_MD5), List.of(ip("192.0.2.1")), List.of(), 1280,
                        1280, Duration.ofSeconds(30), 4),
                List.of(new User("USERNAME", "*", new Secret("PASSWORD"), Optional.empty())),
                UserBinding.off(),
                new TunSettings("certvpn0", ip("192.0.2.1"), true),
                new ControlSettings(ControlSettings.DEFAULT_SOCKET),
                new MetricsSettings(true, Defaults.loopback(), 9105),
                Limits.DEFAULT);
        assertThat(c).isEqualTo(expectedConfig);

        // Every option of the seed's files is understood: nothing is "unsupported", and each option
        // without effect says why.
        assertThat(r.warnings()).allMatch(p -> p.severity() == ConfigProblem.Severity.NOTICE, "only notices");
        assertThat(r.warnings()).extracting(ConfigProblem::toString).anySatisfy(s -> assertThat(s)
                .isEqualTo(etc.resolve("ipsec.conf") + ":2: ignored: interfaces: no effect: CertVPN binds its own UDP"
                        + " sockets; there are no kernel IPsec interfaces"));
        assertThat(r.warnings()).extracting(ConfigProblem::toString)
                .anyMatch(s -> s.startsWith(etc.resolve("ipsec.conf") + ":6: ignored: nat_traversal: no effect"))
                .anyMatch(s -> s.startsWith(etc.resolve("ipsec.conf") + ":23: ignored: leftupdown: no effect"))
                .anyMatch(s -> s.startsWith(etc.resolve("xl2tpd/xl2tpd.conf") + ":11: ignored: exclusive: no effect"));
    }

    @Test
    void seedTunablesFromThePatchAreApplied() throws Exception {
        Path etc = SeedFiles.write(dir.resolve("etc"), pki);
        Files.writeString(etc.resolve("xl2tpd/xl2tpd.conf"), SeedFiles.XL2TPD_CONF.replace("[global]\n",
                "[global]\nhello delay = 300\nctrl retrans delay = 10\nctrl retrans max = 18\n"));
        L2tpSettings l2tp = loaded(ConfigLoader.load(new ConfigSources.Classic(ClassicSources.etc(etc)))).l2tp();
        assertThat(l2tp.helloDelay()).isEqualTo(Duration.ofSeconds(300));
        assertThat(l2tp.ctrlRetransDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l2tp.ctrlRetransMax()).isEqualTo(18);
        assertThat(l2tp.capBackoff()).as("the patch retransmitted at a fixed interval").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void upstreamXl2tpdTimerNamesAreAccepted() throws Exception {
        Path etc = SeedFiles.write(dir.resolve("etc"), pki);
        Files.writeString(etc.resolve("xl2tpd/xl2tpd.conf"), SeedFiles.XL2TPD_CONF.replace("[global]\n",
                "[global]\nmax retries = 8\ncap backoff = 4\nhello interval = 45\n"));
        ConfigResult r = ConfigLoader.load(new ConfigSources.Classic(ClassicSources.etc(etc)));
        L2tpSettings l2tp = loaded(r).l2tp();
        assertThat(l2tp.ctrlRetransMax()).isEqualTo(8);
        assertThat(l2tp.capBackoff()).isEqualTo(Duration.ofSeconds(4));
        assertThat(l2tp.helloDelay()).isEqualTo(Duration.ofSeconds(45));
    }

    static final String HWDSL2_IPSEC_CONF = """
            version 2.0

            config setup
              virtual-private=%v4:10.0.0.0/8,%v4:192.168.0.0/16,%v4:172.16.0.0/12,%v4:!192.0.2.0/24,%v4:!198.51.100.0/24
              uniqueids=no

            conn shared
              left=%defaultroute
              leftid=203.0.113.10
              right=%any
              encapsulation=yes
              authby=secret
              pfs=no
              rekey=no
              keyingtries=5
              dpddelay=30
              dpdtimeout=300
              dpdaction=clear
              ikev2=never
              ike=aes256-sha2,aes128-sha2,aes256-sha1,aes128-sha1
              phase2alg=aes_gcm-null,aes128-sha1,aes256-sha1,aes256-sha2_512,aes128-sha2,aes256-sha2
              ikelifetime=24h
              salifetime=24h
              sha2-truncbug=no

            conn l2tp-psk
              auto=add
              leftprotoport=17/1701
              rightprotoport=17/%any
              rightsubnet=vhost:%priv
              type=transport
              also=shared

            conn xauth-psk
              auto=add
              leftsubnet=0.0.0.0/0
              rightaddresspool=198.51.100.10-198.51.100.250
              modecfgdns="198.51.100.53 198.51.100.54"
              leftxauthserver=yes
              rightxauthclient=yes
              leftmodecfgserver=yes
              rightmodecfgclient=yes
              modecfgpull=yes
              cisco-unity=yes
              also=shared

            include /etc/ipsec.d/*.conf
            """;

    static Path writeHwdsl2(Path flat) throws Exception {
        Files.createDirectories(flat);
        Files.writeString(flat.resolve("ipsec.conf"), HWDSL2_IPSEC_CONF);
        Files.writeString(flat.resolve("ipsec.secrets"), "%any  %any  : PSK \"Psk4Test0nly\"\n");
        Files.writeString(flat.resolve("xl2tpd.conf"), """
                [global]
                port = 1701

                [lns default]
                ip range = 192.0.2.10-192.0.2.250
                local ip = 192.0.2.1
                require chap = yes
                refuse pap = yes
                require authentication = yes
                name = l2tpd
                pppoptfile = /etc/ppp/options.xl2tpd
                length bit = yes
                """);
        Files.writeString(flat.resolve("options.xl2tpd"), """
                +mschap-v2
                ipcp-accept-local
                ipcp-accept-remote
                noccp
                auth
                mtu 1280
                mru 1280
                proxyarp
                lcp-echo-failure 4
                lcp-echo-interval 30
                connect-delay 5000
                ms-dns 198.51.100.53
                ms-dns 198.51.100.54
                """);
        Files.writeString(flat.resolve("chap-secrets"), "\"vpnuser\" l2tpd \"UserPass4Test\" *\n");
        return flat;
    }

    @Test
    void libreswanPskSetupLoadsFromAFlatDirectory() throws Exception {
        Path flat = writeHwdsl2(dir.resolve("flat"));
        ConfigResult r = ConfigLoader.load(new ConfigSources.Classic(ClassicSources.etc(flat)));
        GatewayConfig c = loaded(r);
        assertThat(c.connections()).hasSize(1);
        Connection conn = c.connections().getFirst();
        Connection expected = new Connection(
                "l2tp-psk", AuthMethod.PSK, Optional.empty(), Optional.empty(),
                new PeerId.Address(ip("203.0.113.10")), List.of(new PeerId.Any()),
                Optional.empty(), List.of(), Optional.empty(), List.of(),
                List.of(new PreSharedKey(List.of(new PeerId.Any(), new PeerId.Any()), new Secret("Psk4Test0nly"))),
                ProposalParser.parseIke("aes256-sha256,aes128-sha256,aes256-sha1,aes128-sha1").proposals(),
                ProposalParser.parseEsp("aes128-sha1,aes256-sha1,aes256-sha512,aes128-sha256,aes256-sha256").proposals(),
                false, Duration.ofHours(24), Duration.ofHours(24), Connection.DEFAULT_REKEY_MARGIN,
                new Dpd(true, Duration.ofSeconds(30), Duration.ofSeconds(300), Dpd.Action.CLEAR),
                new NatTraversal(true, true, Duration.ofSeconds(20)), true, false);
        assertThat(conn).isEqualTo(expected);
        assertThat(conn.ikeProposals()).as("no DH group given: MODP2048, MODP1536, MODP1024").hasSize(12);
        assertThat(c.ppp()).isEqualTo(new PppSettings("l2tpd", true, List.of(PppAuthMethod.MSCHAP_V2, PppAuthMethod.CHAP_MD5),
                List.of(ip("198.51.100.53"), ip("198.51.100.54")), List.of(), 1280, 1280, Duration.ofSeconds(30), 4));
        assertThat(c.users()).containsExactly(new User("vpnuser", "l2tpd", new Secret("UserPass4Test"), Optional.empty()));
        assertThat(c.l2tp().pool()).containsExactly(new AddressRange(ip("192.0.2.10"), ip("192.0.2.250")));
        assertThat(c.binding()).isEqualTo(UserBinding.off());

        // Older setups spell it virtual_private: the same option.
        Files.writeString(flat.resolve("ipsec.conf"), HWDSL2_IPSEC_CONF.replace("virtual-private", "virtual_private"));
        ConfigResult older = ConfigLoader.load(new ConfigSources.Classic(ClassicSources.etc(flat)));
        assertThat(loaded(older)).isEqualTo(c);
        assertThat(older.warnings()).extracting(ConfigProblem::toString)
                .anyMatch(s -> s.startsWith(flat.resolve("ipsec.conf") + ":4: ignored: virtual_private: no effect"));
        Files.writeString(flat.resolve("ipsec.conf"), HWDSL2_IPSEC_CONF);

        String conf = flat.resolve("ipsec.conf").toString();
        assertThat(r.warnings()).extracting(ConfigProblem::toString)
                .contains(conf + ":4: ignored: virtual-private: no effect: transport-mode L2TP accepts whatever private"
                        + " address a NATed client puts in its Quick Mode ID; there are no subnets to restrict")
                                .anyMatch(s -> s.startsWith(conf + ":21: warning: phase2alg: proposal \"aes_gcm-null\" dropped"))
                .anyMatch(s -> s.startsWith(conf + ":30: ignored: rightsubnet: no effect"))
                .anyMatch(s -> s.startsWith(conf + ":34: warning: conn xauth-psk is not an L2TP/IPsec transport connection"))
                .anyMatch(s -> s.startsWith(conf + ":7: ignored: conn shared: no effect: no auto="));
    }

    // ---------------------------------------------------------------- broken inputs

    Path seed() throws Exception {
        return SeedFiles.write(dir.resolve("etc"), pki);
    }

    static void assertError(ConfigResult r, String location, String fragment) {
        assertThat(errors(r)).extracting(ConfigProblem::toString)
                .anySatisfy(s -> assertThat(s).startsWith(location + ": error: ").contains(fragment));
    }

    ConfigResult load(Path etc) {
        return ConfigLoader.load(new ConfigSources.Classic(ClassicSources.etc(etc)));
    }

    @Test
    void unknownSectionInXl2tpdConf() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("xl2tpd/xl2tpd.conf"), SeedFiles.XL2TPD_CONF + "[lsn default]\nfoo = bar\n");
        assertError(load(etc), etc.resolve("xl2tpd/xl2tpd.conf") + ":18", "unknown section \"[lsn default]\"");
    }

    @Test
    void unknownSectionInIpsecConf() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("ipsec.conf"), SeedFiles.IPSEC_CONF + "\nconection other\n    auto = add\n");
        assertError(load(etc), etc.resolve("ipsec.conf") + ":31", "unknown section \"conection\"");
    }

    @Test
    void badIpRange() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("xl2tpd/xl2tpd.conf"),
                SeedFiles.XL2TPD_CONF.replace("192.0.2.128 - 192.0.2.254", "192.0.2.254 - 192.0.2.128"));
        assertError(load(etc), etc.resolve("xl2tpd/xl2tpd.conf") + ":13", "bad ip range");
        Files.writeString(etc.resolve("xl2tpd/xl2tpd.conf"),
                SeedFiles.XL2TPD_CONF.replace("192.0.2.128 - 192.0.2.254", "192.0.2.128 - 192.0.2.300"));
        assertError(load(etc), etc.resolve("xl2tpd/xl2tpd.conf") + ":13", "bad ip range");
    }

    @Test
    void missingQuote() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("ppp/chap-secrets"), "USERNAME * \"PASSWORD *\n");
        assertError(load(etc), etc.resolve("ppp/chap-secrets") + ":1", "missing closing quote");
        etc = SeedFiles.write(dir.resolve("etc2"), pki);
        Files.writeString(etc.resolve("ipsec.conf"), SeedFiles.IPSEC_CONF.replace("rightid = \"C=JP, ST=Tokyo, O=KLab Inc., CN=*\"",
                "rightid = \"C=JP, ST=Tokyo, O=KLab Inc., CN=*"));
        assertError(load(etc), etc.resolve("ipsec.conf") + ":27", "missing closing quote");
        etc = SeedFiles.write(dir.resolve("etc3"), pki);
        Files.writeString(etc.resolve("ipsec.secrets"), "\n: RSA Android_IPsec_Server.key \"hogefuga\n");
        assertError(load(etc), etc.resolve("ipsec.secrets") + ":2", "missing closing quote");
    }

    @Test
    void unreadableKey() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("ipsec.secrets"), "# server key\n: RSA Missing_Server.key \"hogefuga\"\n");
        assertError(load(etc), etc.resolve("ipsec.secrets") + ":2", "no such file");
        Files.writeString(etc.resolve("ipsec.d/private/garbage.key"), "not a key\n");
        Files.writeString(etc.resolve("ipsec.secrets"), ": RSA garbage.key\n");
        assertError(load(etc), etc.resolve("ipsec.secrets") + ":1", "garbage.key");
    }

    @Test
    void wrongKeyPassphrase() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("ipsec.secrets"), "\n\n: RSA Android_IPsec_Server.key \"fugahoge\"\n");
        ConfigResult r = load(etc);
        assertError(r, etc.resolve("ipsec.secrets") + ":3", "wrong passphrase");
        assertThat(errors(r).toString()).doesNotContain("fugahoge");
    }

    @Test
    void duplicateConn() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("ipsec.conf"), SeedFiles.IPSEC_CONF + "\nconn Android-L2TP-IPsec\n    auto = add\n");
        assertError(load(etc), etc.resolve("ipsec.conf") + ":31", "duplicate conn \"Android-L2TP-IPsec\" (first defined at "
                + etc.resolve("ipsec.conf") + ":8)");
    }

    @Test
    void alsoLoop() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("ipsec.conf"), SeedFiles.IPSEC_CONF.replace("    auto = add\n",
                "    auto = add\n    also = a\n") + """

                conn a
                    also = b

                conn b
                    also = a
                """);
        assertError(load(etc), etc.resolve("ipsec.conf") + ":36", "also= loop: Android-L2TP-IPsec -> a -> b -> a");
    }

    @Test
    void includesAreExpandedRelativeAndByGlob() throws Exception {
        Path etc = seed();
        String conf = SeedFiles.IPSEC_CONF;
        int conn = conf.indexOf("conn Android");
        Files.writeString(etc.resolve("ipsec.conf"), conf.substring(0, conn) + "include /etc/ipsec.d/*.conf\n");
        Files.writeString(etc.resolve("ipsec.d/android.conf"), conf.substring(conn));
        Files.writeString(etc.resolve("ipsec.secrets"), "include ipsec.d/*.secrets\n");
        Files.writeString(etc.resolve("ipsec.d/server.secrets"), SeedFiles.IPSEC_SECRETS);
        GatewayConfig c = loaded(load(etc));
        assertThat(c.connections()).singleElement().extracting(Connection::name).isEqualTo("Android-L2TP-IPsec");
    }

    @Test
    void anIncludeLoopIsAnErrorAtTheLineThatCloses() throws Exception {
        Path etc = seed();
        Files.writeString(etc.resolve("ipsec.secrets"), SeedFiles.IPSEC_SECRETS + "include ipsec.d/more.secrets\n");
        Files.writeString(etc.resolve("ipsec.d/more.secrets"), "include /etc/ipsec.secrets\n");
        assertError(load(etc), etc.resolve("ipsec.d/more.secrets") + ":1", "include loop: ");
    }

    @Test
    void aPppdFileOptionThatIncludesItselfIsAnError() throws Exception {
        Path etc = seed();
        Path options = etc.resolve("xl2tpd/ppp-options");
        Files.writeString(options, Files.readString(options) + "file /etc/xl2tpd/ppp-options\n");
        ConfigResult r = load(etc);
        assertThat(errors(r)).extracting(ConfigProblem::toString)
                .anySatisfy(s -> assertThat(s).startsWith(options.toString()).contains("'file' option loop: "));
    }

    @Test
    void perFileFlagsOverrideTheDirectory() throws Exception {
        Path etc = seed();
        Path other = dir.resolve("chap-other");
        Files.writeString(other, "alice * \"Secret1\" 192.0.2.20\n");
        var sources = new ClassicSources(Optional.of(etc), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(other));
        GatewayConfig c = loaded(ConfigLoader.load(new ConfigSources.Classic(sources)));
        assertThat(c.users()).containsExactly(new User("alice", "*", new Secret("Secret1"), Optional.of(ip("192.0.2.20"))));
    }

    @Test
    void revokedListsAreReadAndABrokenOneIsAnError() throws Exception {
        Path etc = seed();
        Files.copy(pki.resolve("crl.pem"), etc.resolve("ipsec.d/crls/root.crl"));
        assertThat(loaded(load(etc)).connections().getFirst().crls()).hasSize(1);
        Files.writeString(etc.resolve("ipsec.d/crls/broken.crl"), "garbage");
        assertError(load(etc), etc.resolve("ipsec.d/crls/broken.crl").toString(), "not a CRL");
    }
}
