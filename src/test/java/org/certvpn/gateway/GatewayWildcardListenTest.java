package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ClientRequest;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.ServerRequest;
import org.certvpn.pki.validation.TrustSettings;
import org.certvpn.ppp.PppClientSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway listening on 0.0.0.0 on a host with several addresses, in memory: every datagram it sends to a
 * client (IKE on 500 and 4500, ESP in UDP, raw ESP) leaves from the address that client sent to, NAT-D is
 * computed with that address (a client without NAT sees none and uses raw ESP), {@code status} shows it,
 * and the gateway follows the host's addresses as they come and go.
 */
class GatewayWildcardListenTest {
    static final InetAddress A = GatewayCleartextTest.address("192.0.2.1");
    static final InetAddress B = GatewayCleartextTest.address("192.0.2.2");
    static final InetAddress C = GatewayCleartextTest.address("192.0.2.3");
    static final InetAddress NAT_1 = GatewayCleartextTest.address("198.51.100.7");
    static final InetAddress NAT_2 = GatewayCleartextTest.address("198.51.100.8");
    static final InetAddress PLAIN = GatewayCleartextTest.address("198.51.100.20");
    static final int LAN_HOST = Ipv4Addresses.toInt(GatewayCleartextTest.address("198.51.100.200"));

    @TempDir
    static Path dir;
    static Path config;
    static X509Certificate caCert;
    static GatewayIpsecTest.Identity alice;
    static GatewayIpsecTest.Identity bob;
    static GatewayIpsecTest.Identity carol;

    private Gateway gateway;
    private InMemoryGatewayIo io;
    private InMemoryNetwork network;
    /** Source addresses of everything the gateway sent, by the client address it went to. */
    private final Map<InetAddress, Set<InetSocketAddress>> sentTo = new ConcurrentHashMap<>();

    @BeforeAll
    static void pki() throws Exception {
        char[] pass = "ca-passphrase".toCharArray();
        try (CaStore store = CaStore.init(dir.resolve("ca"), "C=JP, ST=Tokyo, O=Example, CN=Example Root CA",
                KeySpec.RSA_2048, 30, pass)) {
            store.issueServer(ServerRequest.of("vpn.example.com", "192.0.2.1"));
            alice = identity(store.issueClient(ClientRequest.of("alice").withPassword("p12-pass")).p12File());
            bob = identity(store.issueClient(ClientRequest.of("bob").withPassword("p12-pass")).p12File());
            carol = identity(store.issueClient(ClientRequest.of("carol").withPassword("p12-pass")).p12File());
            caCert = store.caCertificate();
        }
        config = dir.resolve("gateway.toml");
        Files.writeString(config, """
                [ike]
                listen = "0.0.0.0"

                [[connection]]
                name = "phones"
                auth = "certificate"
                remote-ids = ["C=JP, ST=Tokyo, O=Example, CN=*"]
                certificate = "ca/server/server.crt"
                key = "ca/server/server.key"
                key-passphrase-file = "ca/server/server.pass"
                trusted-cas = ["ca/ca.crt"]
                crls = ["ca/crl.pem"]

                [l2tp]
                hostname = "gw1"
                local-ip = "203.0.113.1"
                pool = ["203.0.113.128-203.0.113.140"]

                [[user]]
                name = "alice"
                password = "alice-ppp"

                [[user]]
                name = "bob"
                password = "bob-ppp"

                [[user]]
                name = "carol"
                password = "carol-ppp"

                [control]
                socket = "/nonexistent/control.sock"
                """);
    }

    static GatewayIpsecTest.Identity identity(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, "p12-pass".toCharArray());
        }
        String alias = ks.aliases().nextElement();
        return new GatewayIpsecTest.Identity((X509Certificate) ks.getCertificate(alias),
                (PrivateKey) ks.getKey(alias, "p12-pass".toCharArray()));
    }

    private void start(List<InetAddress> hostAddresses) throws Exception {
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(config));
        assertThat(r).as(r.toString()).isInstanceOf(ConfigResult.Loaded.class);
        GatewayPlan plan = ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 2);
        assertThat(plan.ikeAddress().getAddress().isAnyLocalAddress()).isTrue();
        network = new InMemoryNetwork();
        Set<InetAddress> gatewaySide = Set.of(A, B, C);
        network.dropWhen((from, to) -> {
            if (gatewaySide.contains(from.getAddress())) {
                sentTo.computeIfAbsent(to.getAddress(), k -> ConcurrentHashMap.newKeySet()).add(from);
            }
            return false;
        });
        io = new InMemoryGatewayIo(network, hostAddresses);
        gateway = new Gateway(plan, io, () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(), new SplittableRandom(5));
        gateway.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A client behind a NAT (its private address goes into IKE, so NAT-D sees the NAT). */
    private TestIpsecClient behindNat(GatewayIpsecTest.Identity who, InetAddress nat, InetAddress gatewayAddress,
            String user, long seed) throws Exception {
        return new TestIpsecClient(network, nat, 40_500, 44_500, GatewayCleartextTest.address("192.168.1.10"),
                gatewayAddress, settings(who), PppClientSettings.androidLike(user, user + "-ppp"), seed, null);
    }

    /** A client with a public address of its own: IKE from port 500, no NAT, so ESP without UDP. */
    private TestIpsecClient withoutNat(GatewayIpsecTest.Identity who, InetAddress address, InetAddress gatewayAddress,
            String user, long seed) throws Exception {
        TestIpsecClient c = new TestIpsecClient(network.bind(new InetSocketAddress(address, 500)),
                network.bind(new InetSocketAddress(address, 4500)), address, gatewayAddress, settings(who),
                PppClientSettings.androidLike(user, user + "-ppp"), seed, null);
        c.rawEsp(network.bind(new InetSocketAddress(address, 0)));
        return c;
    }

    private static IkeSettings settings(GatewayIpsecTest.Identity who) {
        return IkeSettings.builder().certificate(who.cert(), who.key())
                .trust(TrustSettings.of(List.of(caCert), List.of())).build();
    }

    private void awaitGatewaySessions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (gateway.sessions().stream().filter(v -> v.tunnelAddress().isPresent()).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gateway sessions not up: " + gateway.sessions());
            }
            Thread.sleep(10);
        }
    }

    /** One packet up through the tunnel to the TUN device and one down to the client. */
    private void roundTrip(TestIpsecClient c, String what) throws Exception {
        int addr = c.address();
        byte[] up = Ipv4Packets.udp(addr, LAN_HOST, 5000, 53, ("up " + what).getBytes());
        c.sendIpv4(up);
        assertThat(io.tunDevice().takeWritten(5, TimeUnit.SECONDS)).as("upstream from %s", what).isEqualTo(up);
        byte[] down = Ipv4Packets.udp(LAN_HOST, addr, 53, 5000, ("down " + what).getBytes());
        io.tunDevice().inject(down);
        assertThat(c.received.poll(5, TimeUnit.SECONDS)).as("downstream to %s", what).isEqualTo(down);
    }

    private Set<InetAddress> sourcesTowards(InetAddress client) {
        return sentTo.getOrDefault(client, Set.of()).stream().map(InetSocketAddress::getAddress).collect(Collectors.toSet());
    }

    private SessionView session(String user) {
        return gateway.sessions().stream().filter(v -> v.user().equals(user)).findFirst().orElseThrow();
    }

    @Test
    void everyAnswerAndEveryEspPacketLeavesFromTheAddressTheClientSentTo() throws Exception {
        // The TUN device's own address is one of the host's too; IKE is not served there.
        start(List.of(A, B, GatewayCleartextTest.address("203.0.113.1")));
        assertThat(gateway.refreshListenAddresses()).containsExactlyInAnyOrder(A, B);
        try (TestIpsecClient a = behindNat(alice, NAT_1, A, "alice", 21);
                TestIpsecClient b = behindNat(bob, NAT_2, B, "bob", 22);
                TestIpsecClient c = withoutNat(carol, PLAIN, B, "carol", 23)) {
            a.connect();
            b.connect();
            c.connect();
            for (TestIpsecClient client : List.of(a, b, c)) {
                assertThat(client.awaitUp(20)).as("PPP up; trace %s", client.trace).isTrue();
            }
            awaitGatewaySessions(3);
            roundTrip(a, "alice");
            roundTrip(b, "bob");
            roundTrip(c, "carol");

            assertThat(sourcesTowards(NAT_1)).containsExactly(A);
            assertThat(sourcesTowards(NAT_2)).containsExactly(B);
            assertThat(sourcesTowards(PLAIN)).containsExactly(B);
            // IKE on 500 and 4500 and ESP in UDP from the address each NAT'd client used ...
            assertThat(sentTo.get(NAT_1)).contains(new InetSocketAddress(A, 500), new InetSocketAddress(A, 4500));
            assertThat(sentTo.get(NAT_2)).contains(new InetSocketAddress(B, 500), new InetSocketAddress(B, 4500));
            // ... and raw ESP from B to the client without NAT: NAT-D with B told it there is no NAT.
            assertThat(c.child.udpEncapsulated()).isFalse();
            assertThat(a.child.udpEncapsulated()).isTrue();
            assertThat(b.child.udpEncapsulated()).isTrue();
            assertThat(sentTo.get(PLAIN)).containsExactlyInAnyOrder(new InetSocketAddress(B, 500), new InetSocketAddress(B, 0));

            assertThat(session("alice").local()).isEqualTo("192.0.2.1");
            assertThat(session("bob").local()).isEqualTo("192.0.2.2");
            assertThat(session("carol").local()).isEqualTo("192.0.2.2");
            assertThat(new GatewayControl(gateway, () -> null).handle(org.certvpn.control.ControlRequest.of("status"))
                    .lines()).anySatisfy(l -> assertThat(l).matches("alice\\s.* 198\\.51\\.100\\.7:44500\\s+192\\.0\\.2\\.1\\s.*"));
        }
    }

    @Test
    void aWildcardListenerFollowsTheHostsAddresses() throws Exception {
        start(List.of(A, B));
        try (TestIpsecClient a = behindNat(alice, NAT_1, A, "alice", 31);
                TestIpsecClient b = behindNat(bob, NAT_2, B, "bob", 32)) {
            a.connect();
            b.connect();
            assertThat(a.awaitUp(20)).as("alice up; trace %s", a.trace).isTrue();
            assertThat(b.awaitUp(20)).as("bob up; trace %s", b.trace).isTrue();
            awaitGatewaySessions(2);

            // DHCP takes B away and gives C.
            io.hostAddresses(List.of(A, C));
            assertThat(gateway.refreshListenAddresses()).containsExactlyInAnyOrder(A, C);
            for (int port : new int[] {500, 4500, 0}) {
                network.bind(new InetSocketAddress(B, port)).close(); // free again: the gateway let go of B
            }
            // Bob's SAs are still there, but his address is gone: his packets are dropped and counted, not sent.
            long before = gateway.core().counters().drops(DropReason.NO_LOCAL_ADDRESS);
            io.tunDevice().inject(Ipv4Packets.udp(LAN_HOST, b.address(), 53, 5000, "lost".getBytes()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gateway.core().counters().drops(DropReason.NO_LOCAL_ADDRESS) == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(gateway.core().counters().drops(DropReason.NO_LOCAL_ADDRESS)).isEqualTo(before + 1);

            roundTrip(a, "alice on A, untouched");
            sentTo.clear();
            try (TestIpsecClient c = behindNat(carol, GatewayCleartextTest.address("198.51.100.9"), C, "carol", 33)) {
                c.connect();
                assertThat(c.awaitUp(20)).as("carol up on the new address; trace %s", c.trace).isTrue();
                awaitGatewaySessions(3); // the client may see PPP up before the gateway has routed its address
                roundTrip(c, "carol");
                assertThat(sourcesTowards(GatewayCleartextTest.address("198.51.100.9"))).containsExactly(C);
                assertThat(session("carol").local()).isEqualTo("192.0.2.3");
            }
        }
    }

    @Test
    void aSpecificListenAddressIsNotReplacedByTheHostsAddresses() throws Exception {
        Path bound = dir.resolve("bound.toml");
        Files.writeString(bound, Files.readString(config).replace("listen = \"0.0.0.0\"", "listen = \"192.0.2.2\""));
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(bound));
        GatewayPlan plan = ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 2);
        network = new InMemoryNetwork();
        io = new InMemoryGatewayIo(network, List.of(A, B));
        gateway = new Gateway(plan, io, () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(), new SplittableRandom(5));
        gateway.start();
        assertThat(gateway.refreshListenAddresses()).containsExactly(B);
        io.hostAddresses(List.of(A, C));
        assertThat(gateway.refreshListenAddresses()).containsExactly(B);
        network.bind(new InetSocketAddress(A, 500)).close(); // never taken
    }
}
