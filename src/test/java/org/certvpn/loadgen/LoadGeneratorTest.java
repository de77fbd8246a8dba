package org.certvpn.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.config.ProposalParser;
import org.certvpn.gateway.ConfigMapping;
import org.certvpn.gateway.Gateway;
import org.certvpn.gateway.InMemoryGatewayIo;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.net.InMemoryTunDevice;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ClientRequest;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.ServerRequest;
import org.certvpn.pki.validation.TrustSettings;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.auth.AuthMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against the whole gateway in memory: several clients from one NAT address, each on
 * its own port, connect with a certificate (MS-CHAPv2) or a PSK (CHAP-MD5), then carry traffic both ways
 * to a sink behind the gateway's in-memory TUN device. Counts are asserted, never times.
 */
class LoadGeneratorTest {
    static final InetAddress GATEWAY = address("192.0.2.1");
    static final InetAddress NAT = address("198.51.100.7");
    static final InetSocketAddress SINK = new InetSocketAddress(address("203.0.113.9"), 9000);

    @TempDir
    static Path dir;
    static X509Certificate caCert;
    static X509Certificate clientCert;
    static PrivateKey clientKey;

    private Gateway gateway;
    private InMemoryNetwork network;
    private InMemoryGatewayIo io;
    private Thread sinkThread;

    @BeforeAll
    static void pki() throws Exception {
        try (CaStore store = CaStore.init(dir.resolve("ca"), "C=JP, O=Example, CN=Example Root CA", KeySpec.RSA_2048, 30,
                "ca-passphrase".toCharArray())) {
            store.issueServer(ServerRequest.of("vpn.example.com", "192.0.2.1"));
            Path p12 = store.issueClient(ClientRequest.of("load").withPassword("p12-pass")).p12File();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (FileInputStream in = new FileInputStream(p12.toFile())) {
                ks.load(in, "p12-pass".toCharArray());
            }
            String alias = ks.aliases().nextElement();
            clientCert = (X509Certificate) ks.getCertificate(alias);
            clientKey = (PrivateKey) ks.getKey(alias, "p12-pass".toCharArray());
            caCert = store.caCertificate();
        }
        store("""
                [ike]
                listen = "192.0.2.1"

                [[connection]]
                name = "certs"
                auth = "certificate"
                remote-ids = ["C=JP, O=Example, CN=*"]
                certificate = "ca/server/server.crt"
                key = "ca/server/server.key"
                key-passphrase-file = "ca/server/server.pass"
                trusted-cas = ["ca/ca.crt"]

                [[connection]]
                name = "psk"
                auth = "psk"
                remote-ids = ["%any"]
                [[connection.psk]]
                ids = ["%any"]
                secret = "load-test-psk"

                [l2tp]
                local-ip = "203.0.113.1"
                pool = ["203.0.113.128-203.0.113.140"]

                [ppp]
                auth = ["mschap-v2", "chap"]

                [[user]]
                name = "load"
                password = "load-ppp"

                [control]
                socket = "/nonexistent/control.sock"
                """);
    }

    private static void store(String toml) throws IOException {
        Files.writeString(dir.resolve("gateway.toml"), toml, StandardCharsets.UTF_8);
    }

    void startGateway() throws Exception {
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(dir.resolve("gateway.toml")));
        assertThat(r).as(r.toString()).isInstanceOf(ConfigResult.Loaded.class);
        network = new InMemoryNetwork();
        io = new InMemoryGatewayIo(network);
        gateway = new Gateway(ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 2), io,
                () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(), new SplittableRandom(5));
        gateway.start();
        sinkThread = Thread.ofPlatform().daemon().name("tun-sink").start(() -> tunSink(io.tunDevice()));
    }

    @AfterEach
    void stop() {
        if (sinkThread != null) {
            sinkThread.interrupt();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The kernel and the sink behind the gateway's TUN: IPv4/UDP to the sink in, answers back out. */
    private static void tunSink(InMemoryTunDevice tun) {
        Sink sink = new Sink();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] p = tun.takeWritten(1, TimeUnit.SECONDS);
                if (p == null || p.length < 28 || p[9] != 17) {
                    continue;
                }
                byte[] client = java.util.Arrays.copyOfRange(p, 12, 16);
                int clientPort = ((p[20] & 0xFF) << 8) | (p[21] & 0xFF);
                sink.receive(p, 28, p.length - 28, (b, off, len) -> {
                    byte[] out = new byte[28 + len];
                    SinkProtocol.writePacket(out, 0, out.length, ClientLane.toInt(SINK), SINK.getPort(),
                            SinkProtocol.getInt(client, 0), clientPort, b[off]);
                    System.arraycopy(b, off, out, 28, len);
                    tun.inject(out);
                    return true;
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LoadSettings settings(boolean certificate, List<AuthMethod> pppAuth) throws Exception {
        IkeSettings.Builder ike = IkeSettings.builder().trust(TrustSettings.of(List.of(caCert), List.of()));
        if (certificate) {
            ike.certificate(clientCert, clientKey);
        }
        var ikeOffers = Proposals.ike(ProposalParser.parseIke("aes128-sha1-modp2048,aes128-sha1-modp1024").proposals());
        var espOffers = Proposals.esp(ProposalParser.parseEsp("aes128-sha1").proposals());
        return new LoadSettings(new InetSocketAddress(GATEWAY, 500), 4500, List.of(NAT), ike.build(), ikeOffers,
                espOffers, certificate ? null : "load-test-psk".getBytes(StandardCharsets.UTF_8),
                PppClientSettings.androidLike("load", "load-ppp").withAcceptAuth(pppAuth), Duration.ofSeconds(20));
    }

    @Test
    void certificateClientsFromOneAddressConnectAndCarryTrafficBothWays() throws Exception {
        startGateway();
        EndpointTransport transport = new EndpointTransport(a -> bind(a), 40_000);
        try (LoadGenerator g = LoadGenerator.on(transport, settings(true, List.of(AuthMethod.MSCHAP_V2)), 1)) {
            ConnectReport c = g.connect(3, 0, Duration.ofSeconds(30));
            assertThat(c.up()).as(c.text()).isEqualTo(3);
            assertThat(c.failed()).isZero();
            assertThat(c.fullMicros()).hasSize(3);
            assertThat(c.fullMicros()[0]).isPositive();
            assertThat(gateway.sessions()).hasSize(3)
                    .allSatisfy(s -> assertThat(s.outer().getAddress()).isEqualTo(NAT))
                    .extracting(s -> s.outer().getPort()).containsExactlyInAnyOrder(40_000, 40_001, 40_002);

            ThroughputReport up = g.upstream(SINK, 200, 2_000, Duration.ofMillis(300), 2);
            assertThat(up.sent()).as(up.text()).isPositive();
            assertThat(up.received()).as(up.text()).isEqualTo(up.sent());
            assertThat(up.flows()).isEqualTo(2);

            ThroughputReport down = g.downstream(SINK, 1400, 1_000, Duration.ofMillis(200));
            assertThat(down.sent()).as(down.text()).isPositive();
            assertThat(down.received()).as(down.text()).isEqualTo(down.sent());
        }
    }

    @Test
    void pskClientsWithChapMd5Connect() throws Exception {
        startGateway();
        EndpointTransport transport = new EndpointTransport(a -> bind(a), 41_000);
        try (LoadGenerator g = LoadGenerator.on(transport, settings(false, List.of(AuthMethod.CHAP_MD5)), 2)) {
            ConnectReport c = g.connect(2, 100, Duration.ofSeconds(30));
            assertThat(c.up()).as(c.text()).isEqualTo(2);
            assertThat(gateway.sessions()).hasSize(2).allSatisfy(s -> assertThat(s.certificateSubject()).isEmpty());
        }
    }

    @Test
    void tunnelsTheGatewayEndsAfterTheyWereUpAreCountedAsLostNotFailed() throws Exception {
        startGateway();
        EndpointTransport transport = new EndpointTransport(a -> bind(a), 43_000);
        try (LoadGenerator g = LoadGenerator.on(transport, settings(false, List.of(AuthMethod.CHAP_MD5)), 4)) {
            ConnectReport c = g.connect(2, 0, Duration.ofSeconds(30));
            assertThat(c.up()).as(c.text()).isEqualTo(2);
            assertThat(g.lost().count()).isZero();

            assertThat(gateway.kick("load", "ended by the test")).isEqualTo(2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (g.lost().count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            LoadGenerator.LostTunnels lost = g.lost();
            assertThat(lost.count()).isEqualTo(2);
            assertThat(lost.reasons().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
            assertThat(lost.reasonsJson()).startsWith("{\"").endsWith("}");
            assertThat(g.upCount()).isZero();
        }
    }

    @Test
    void establishedClientsSendNatKeepalivesOnTheirIntervalAndStayUp() throws Exception {
        startGateway();
        EndpointTransport transport = new EndpointTransport(a -> bind(a), 44_000);
        LoadSettings s = settings(false, List.of(AuthMethod.CHAP_MD5)).withNatKeepalive(Duration.ofMillis(50));
        try (LoadGenerator g = LoadGenerator.on(transport, s, 5)) {
            ConnectReport c = g.connect(2, 0, Duration.ofSeconds(30));
            assertThat(c.up()).as(c.text()).isEqualTo(2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (g.natKeepalivesSent() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(g.natKeepalivesSent()).isGreaterThanOrEqualTo(10);
            assertThat(g.upCount()).isEqualTo(2);
            assertThat(g.lost().count()).isZero();
            assertThat(gateway.sessions()).hasSize(2);
        }
        try (LoadGenerator g = LoadGenerator.on(new EndpointTransport(a -> bind(a), 44_100),
                settings(false, List.of(AuthMethod.CHAP_MD5)), 6)) {
            assertThat(g.connect(1, 0, Duration.ofSeconds(30)).up()).isEqualTo(1);
            Thread.sleep(200);
            assertThat(g.natKeepalivesSent()).as("none unless asked for").isZero();
        }
    }

    @Test
    void withAPendingLimitOfOneEachClientStartsOnlyOnceThePreviousIsUp() throws Exception {
        startGateway();
        EndpointTransport transport = new EndpointTransport(a -> bind(a), 45_000);
        LoadSettings s = settings(false, List.of(AuthMethod.CHAP_MD5)).withMaxPending(1);
        try (LoadGenerator g = LoadGenerator.on(transport, s, 7)) {
            ConnectReport c = g.connect(3, 0, Duration.ofSeconds(40));
            assertThat(c.up()).as(c.text()).isEqualTo(3);
            List<LoadClient> byStart = g.clients().stream()
                    .sorted(java.util.Comparator.comparingLong(x -> x.startNanos)).toList();
            for (int i = 1; i < byStart.size(); i++) {
                assertThat(byStart.get(i).startNanos).isGreaterThanOrEqualTo(byStart.get(i - 1).upNanos);
            }
        }
    }

    @Test
    void aClientThatCannotAuthenticateIsCountedAsFailedWithTheReason() throws Exception {
        startGateway();
        EndpointTransport transport = new EndpointTransport(a -> bind(a), 42_000);
        LoadSettings wrong = settings(false, List.of(AuthMethod.CHAP_MD5));
        wrong = new LoadSettings(wrong.server(), wrong.natTPort(), wrong.sources(), wrong.ike(), wrong.ikeOffers(),
                wrong.espOffers(), wrong.psk(), wrong.ppp().withUser("load", "wrong-password"), Duration.ofSeconds(8));
        try (LoadGenerator g = LoadGenerator.on(transport, wrong, 3)) {
            ConnectReport c = g.connect(1, 0, Duration.ofSeconds(15));
            assertThat(c.up()).isZero();
            assertThat(c.failed()).isEqualTo(1);
            assertThat(c.failures().keySet()).anySatisfy(k -> assertThat(k).contains("PPP"));
        }
    }

    private org.certvpn.net.DatagramEndpoint bind(InetSocketAddress a) {
        try {
            return network.bind(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void quantilesAreNearestRank() {
        long[] us = {1000, 2000, 3000, 4000};
        assertThat(ConnectReport.quantileMillis(us, 0.5)).isEqualTo(2.0);
        assertThat(ConnectReport.quantileMillis(us, 0.99)).isEqualTo(4.0);
        assertThat(ConnectReport.quantileMillis(new long[0], 0.5)).isNaN();
    }
}
