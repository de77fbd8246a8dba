package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.TestPki;
import org.certvpn.config.classic.ClassicFixtures;
import org.certvpn.config.classic.ClassicSources;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.pki.PkiFiles;
import org.certvpn.pki.validation.TrustSettings;
import org.certvpn.ppp.PppClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2011 setup's own files (ipsec.conf, ipsec.secrets with an encrypted key, ipsec.d, xl2tpd.conf, the
 * pppd options, chap-secrets) served as they are: an Android-like certificate client connects.
 */
class GatewayClassicConfigTest {
    @TempDir
    Path dir;

    @Test
    void theSeedsFilesServeACertificateClient() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        TestPki.create(pki);
        openssl(pki, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "user.key", "-subj",
                "/C=JP/ST=Tokyo/O=KLab Inc./CN=USERNAME", "-out", "user.csr");
        openssl(pki, "x509", "-req", "-in", "user.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-out", "user.pem");
        Path etc = ClassicFixtures.seed(dir.resolve("etc"), pki);

        ConfigResult r = ConfigLoader.load(new ConfigSources.Classic(ClassicSources.etc(etc)));
        assertThat(r).as(r.toString()).isInstanceOf(ConfigResult.Loaded.class);
        GatewayPlan plan = ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 1);

        InetAddress gatewayAddress = GatewayCleartextTest.address("198.51.100.1");
        InMemoryNetwork network = new InMemoryNetwork();
        InMemoryGatewayIo io = new InMemoryGatewayIo(network, gatewayAddress);
        try (Gateway gateway = new Gateway(plan, io, () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(),
                new SplittableRandom(5))) {
            gateway.start();
            X509Certificate cert = PkiFiles.readCertificate(pki.resolve("user.pem"));
            PrivateKey key = PkiFiles.readPrivateKey(pki.resolve("user.key"), null);
            IkeSettings settings = IkeSettings.builder().certificate(cert, key)
                    .trust(TrustSettings.of(List.of(PkiFiles.readCertificate(pki.resolve("ca.pem"))), List.of())).build();
            try (TestIpsecClient phone = new TestIpsecClient(network, GatewayCleartextTest.address("203.0.113.7"),
                    40_500, 44_500, GatewayCleartextTest.address("192.168.1.10"), gatewayAddress, settings,
                    PppClientSettings.androidLike("USERNAME", "PASSWORD"), 31, null)) {
                phone.connect();
                assertThat(phone.awaitUp(15)).as("PPP up over the seed's files; trace %s", phone.trace).isTrue();
                assertThat(Ipv4Addresses.text(phone.address())).startsWith("192.0.2.");
                assertThat(phone.network.dns()).containsExactly(GatewayCleartextTest.address("192.0.2.1"));
            }
        }
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError("openssl failed: " + out);
        }
    }
}
