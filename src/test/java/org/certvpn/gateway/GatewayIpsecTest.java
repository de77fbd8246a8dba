package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.pki.ca.CaStore;
import org.certvpn.pki.ca.ClientRequest;
import org.certvpn.pki.ca.KeySpec;
import org.certvpn.pki.ca.RevocationReason;
import org.certvpn.pki.ca.RevokeTarget;
import org.certvpn.pki.ca.ServerRequest;
import org.certvpn.pki.validation.TrustSettings;
import org.certvpn.ppp.PppClientSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway over IPsec, in memory: certificates from the built-in CA, a native configuration file,
 * and clients made of the project's own IKEv1 initiator, ESP, LAC and PPP client behind a NAT.
 */
class GatewayIpsecTest {
    static final InetAddress GATEWAY = GatewayCleartextTest.address("192.0.2.1");
    static final InetAddress NAT = GatewayCleartextTest.address("198.51.100.7");
    static final int LAN_HOST = Ipv4Addresses.toInt(GatewayCleartextTest.address("198.51.100.200"));

    @TempDir
    static Path dir;
    static Path config;
    static X509Certificate caCert;
    record Identity(X509Certificate cert, PrivateKey key) {}
    static Identity alice;
    static Identity bob;
    static Identity mallory;
    static Identity carol;

    private Gateway gateway;
    private InMemoryGatewayIo io;
    private InMemoryNetwork network;
    /** Milliseconds the gateway's clock is ahead of real time: tests skip time the gateway would wait. */
    private final AtomicLong skipped = new AtomicLong();

    @BeforeAll
    static void pki() throws Exception {
        char[] pass = "ca-passphrase".toCharArray();
        Path ca = dir.resolve("ca");
        try (CaStore store = CaStore.init(ca, "C=JP, ST=Tokyo, O=Example, CN=Example Root CA", KeySpec.RSA_2048, 30, pass)) {
            store.issueServer(ServerRequest.of("vpn.example.com", "192.0.2.1"));
            alice = identity(store.issueClient(ClientRequest.of("alice").withPassword("p12-pass")).p12File());
            bob = identity(store.issueClient(ClientRequest.of("bob").withPassword("p12-pass")).p12File());
            mallory = identity(store.issueClient(ClientRequest.of("mallory").withPassword("p12-pass")).p12File());
            carol = identity(store.issueClient(ClientRequest.of("carol").withPassword("p12-pass")).p12File());
            store.revoke(new RevokeTarget.ByName("mallory", java.util.Optional.empty()), RevocationReason.KEY_COMPROMISE);
            caCert = store.caCertificate();
        }
        config = dir.resolve("gateway.toml");
        Files.writeString(config, """
                [ike]
                listen = "192.0.2.1"

                [[connection]]
                name = "phones"
                auth = "certificate"
                remote-ids = ["C=JP, ST=Tokyo, O=Example, CN=*"]
                certificate = "ca/server/server.crt"
                key = "ca/server/server.key"
                key-passphrase-file = "ca/server/server.pass"
                trusted-cas = ["ca/ca.crt"]
                crls = ["ca/crl.pem"]

                [[connection]]
                name = "psk"
                auth = "psk"

                [[connection.psk]]
                secret = "a-long-shared-secret"

                [l2tp]
                hostname = "gw1"
                local-ip = "203.0.113.1"
                pool = ["203.0.113.128-203.0.113.140"]

                [ppp]
                ms-dns = ["203.0.113.53"]

                [[user]]
                name = "alice"
                password = "alice-ppp"

                [[user]]
                name = "bob"
                password = "bob-ppp"

                [[user]]
                name = "carol"
                password = "carol-ppp"

                [binding]
                mode = "require"

                [control]
                socket = "/nonexistent/control.sock"
                """);
    }

    static Identity identity(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, "p12-pass".toCharArray());
        }
        String alias = ks.aliases().nextElement();
        return new Identity((X509Certificate) ks.getCertificate(alias), (PrivateKey) ks.getKey(alias, "p12-pass".toCharArray()));
    }

    void start() throws Exception {
        start(config);
    }

    void start(Path configFile) throws Exception {
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(configFile));
        assertThat(r).as(r.toString()).isInstanceOf(ConfigResult.Loaded.class);
        GatewayPlan plan = ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 2);
        network = new InMemoryNetwork();
        io = new InMemoryGatewayIo(network);
        gateway = new Gateway(plan, io, () -> System.nanoTime() / 1_000_000L + skipped.get(), Clock.systemUTC(),
                new SplittableRandom(3));
        gateway.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private TestIpsecClient client(Identity who, int port500, int port4500, String user, String password, long seed)
            throws Exception {
        IkeSettings settings = IkeSettings.builder().certificate(who.cert(), who.key())
                .trust(TrustSettings.of(List.of(caCert), List.of())).build();
        return new TestIpsecClient(network, NAT, port500, port4500, GatewayCleartextTest.address("192.168.1.10"),
                GATEWAY, settings, PppClientSettings.androidLike(user, password), seed, null);
    }

    /** Connects two clients at once and waits until both have PPP up and the gateway routes both. */
    private void bothUp(TestIpsecClient a, TestIpsecClient b) throws InterruptedException {
        a.connect();
        b.connect();
        assertThat(a.awaitUp(20)).as("first client up; trace %s", a.trace).isTrue();
        assertThat(b.awaitUp(20)).as("second client up; trace %s", b.trace).isTrue();
        awaitGatewaySessions(2);
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

    @Test
    void certificateClientBehindNatGetsAnAddressAndTrafficFlowsInsideEsp() throws Exception {
        start();
        try (TestIpsecClient c = client(alice, 40_500, 44_500, "alice", "alice-ppp", 11)) {
            c.connect();
            assertThat(c.ipsecUp.await(15, TimeUnit.SECONDS)).as("IPsec up; trace: %s", c.trace).isTrue();
            assertThat(c.child.udpEncapsulated()).isTrue();
            assertThat(c.awaitUp(15)).as("PPP up").isTrue();
            awaitGatewaySessions(1);

            int addr = c.address();
            byte[] up = Ipv4Packets.udp(addr, LAN_HOST, 5000, 53, "hello".getBytes());
            c.sendIpv4(up);
            assertThat(io.tunDevice().takeWritten(5, TimeUnit.SECONDS)).isEqualTo(up);
            byte[] down = Ipv4Packets.udp(LAN_HOST, addr, 53, 5000, "world".getBytes());
            io.tunDevice().inject(down);
            assertThat(c.received.poll(5, TimeUnit.SECONDS)).isEqualTo(down);

            SessionView v = gateway.sessions().getFirst();
            assertThat(v.user()).isEqualTo("alice");
            assertThat(v.certificateSubject().orElseThrow()).contains("CN=alice");
            assertThat(v.outer().getPort()).isEqualTo(44_500);
        }
    }

    /**
     * Issue: client-initiated rekey without a gap in traffic. The client starts a second Quick Mode while
     * packets flow both ways, sends on the new SA as soon as it is installed, then deletes the old one; every
     * packet in both directions arrives, and afterwards traffic uses only the new SA pair.
     */
    @Test
    void aClientRekeyLosesNoPacketInEitherDirection() throws Exception {
        start();
        try (TestIpsecClient c = client(alice, 40_500, 44_500, "alice", "alice-ppp", 18)) {
            c.connect();
            assertThat(c.awaitUp(15)).as("PPP up").isTrue();
            awaitGatewaySessions(1);
            int addr = c.address();
            int sent = 0;
            int oldSpi = -1;
            for (int i = 0; i < 60; i++) {
                if (i == 20) {
                    oldSpi = c.rekey();
                }
                if (i == 40) {
                    assertThat(c.rekeyed.await(15, TimeUnit.SECONDS)).as("rekeyed; trace: %s", c.trace).isTrue();
                    c.deleteChildSa(oldSpi);
                }
                byte[] up = Ipv4Packets.udp(addr, LAN_HOST, 5000, 53, ("up " + i).getBytes());
                c.sendIpv4(up);
                assertThat(io.tunDevice().takeWritten(5, TimeUnit.SECONDS)).as("upstream packet %d", i).isEqualTo(up);
                byte[] down = Ipv4Packets.udp(LAN_HOST, addr, 53, 5000, ("down " + i).getBytes());
                io.tunDevice().inject(down);
                assertThat(c.received.poll(5, TimeUnit.SECONDS)).as("downstream packet %d", i).isEqualTo(down);
                sent++;
                Thread.sleep(5);
            }
            assertThat(sent).isEqualTo(60);
            // The client dropped the old inbound SA with its DELETE: packets 40-59 came on the new one.
            assertThat(c.child.inboundSpi()).isNotEqualTo(oldSpi);
            assertThat(gateway.sessions()).singleElement().satisfies(v -> assertThat(v.user()).isEqualTo("alice"));
            // The operator sees the rekey as such, and the old SA's end.
            assertThat(gateway.core().traceBook().find("", 500).stream().map(TraceBook.Line::text))
                    .anyMatch(t -> t.startsWith("child SA installed (rekey; 1 older kept until deleted or expired): "))
                    .anyMatch(t -> t.startsWith("peer deleted child "));
        }
    }

    @Test
    void bindingRefusesBobOverAlicesCertificate() throws Exception {
        start();
        try (TestIpsecClient c = client(alice, 40_500, 44_500, "bob", "bob-ppp", 12)) {
            c.connect();
            assertThat(c.linkDown.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(c.networkUp.getCount()).isEqualTo(1);
            assertThat(gateway.core().traceBook().find("alice", 200))
                    .anySatisfy(l -> assertThat(l.text()).contains("\"bob\"").contains("alice"));
        }
    }

    @Test
    void revokedCertificateIsRefusedWithTheReason() throws Exception {
        start();
        try (TestIpsecClient c = client(mallory, 40_500, 44_500, "mallory", "x", 13)) {
            // Without retransmissions the client can only learn of the refusal from the answer to its first
            // Main Mode message 5: an AUTHENTICATION-FAILED it could decrypt and verify.
            c.ikeTimersRunning = false;
            c.connect();
            assertThat(c.ikeFailed.await(20, TimeUnit.SECONDS)).as("client trace %s", c.trace).isTrue();
            assertThat(c.ikeFailure).isEqualTo("responder refused authentication: AUTHENTICATION-FAILED");
            assertThat(c.ipsecUp.getCount()).isEqualTo(1);
            assertThat(gateway.core().traceBook().find("", 500))
                    .anySatisfy(l -> assertThat(l.text()).containsIgnoringCase("revoked"));
        }
    }

    @Test
    void reloadWithANewCrlEndsTheRevokedUsersSessionAndRefusesTheNextOne() throws Exception {
        start();
        try (TestIpsecClient c = client(carol, 40_500, 44_500, "carol", "carol-ppp", 16)) {
            c.connect();
            assertThat(c.awaitUp(15)).isTrue();
            awaitGatewaySessions(1);
            try (CaStore store = CaStore.open(dir.resolve("ca"), "ca-passphrase".toCharArray())) {
                store.revoke(new RevokeTarget.ByName("carol", java.util.Optional.empty()), RevocationReason.KEY_COMPROMISE);
            }
            ConfigResult r = ConfigLoader.load(new ConfigSources.Native(config));
            gateway.reload(ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 2));
            assertThat(c.linkDown.await(10, TimeUnit.SECONDS)).as("carol's PPP ended").isTrue();
            assertThat(c.ipsecDown.await(10, TimeUnit.SECONDS)).as("carol's SAs deleted").isTrue();
        }
        try (TestIpsecClient again = client(carol, 40_600, 44_600, "carol", "carol-ppp", 17)) {
            again.connect();
            assertThat(again.ikeFailed.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(again.ikeFailure).isEqualTo("responder refused authentication: AUTHENTICATION-FAILED");
            assertThat(again.ipsecUp.getCount()).isEqualTo(1);
        }
        assertThat(gateway.metrics().handshakesFailed(org.certvpn.metrics.HandshakeFailure.REVOKED)).isEqualTo(1);
    }

    @Test
    void preSharedKeyClientConnectsAndTheWrongKeyIsRefused() throws Exception {
        start();
        IkeSettings plain = IkeSettings.builder().build();
        try (TestIpsecClient c = new TestIpsecClient(network, NAT, 40_500, 44_500,
                GatewayCleartextTest.address("192.168.1.10"), GATEWAY, plain, PppClientSettings.androidLike("bob", "bob-ppp"),
                20, "a-long-shared-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            c.connect();
            assertThat(c.awaitUp(15)).as("PSK client up; trace %s", c.trace).isTrue();
            awaitGatewaySessions(1);
            assertThat(gateway.sessions().getFirst().certificateSubject()).isEmpty();
        }
        try (TestIpsecClient wrong = new TestIpsecClient(network, NAT, 40_501, 44_501,
                GatewayCleartextTest.address("192.168.1.11"), GATEWAY, plain, PppClientSettings.androidLike("bob", "bob-ppp"),
                21, "not-the-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            wrong.connect();
            assertThat(wrong.ipsecUp.await(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void aReconnectAfterAPhoneVanishedWorksAtOnce() throws Exception {
        start();
        TestIpsecClient old = client(alice, 40_500, 44_500, "alice", "alice-ppp", 18);
        old.connect();
        assertThat(old.awaitUp(15)).isTrue();
        awaitGatewaySessions(1);
        int oldAddress = old.address();
        old.vanish(); // switched off hard: no DELETE, no StopCCN, no LCP Terminate
        try (TestIpsecClient again = client(alice, 40_501, 44_501, "alice", "alice-ppp", 19)) {
            again.connect();
            assertThat(again.awaitUp(15)).as("the new connection is not blocked by the stale one").isTrue();
            awaitGatewaySessions(2);
            assertThat(again.address()).isNotEqualTo(oldAddress);
            byte[] down = Ipv4Packets.udp(LAN_HOST, again.address(), 53, 5000, "new".getBytes());
            io.tunDevice().inject(down);
            assertThat(again.received.poll(5, TimeUnit.SECONDS)).isEqualTo(down);
        }
    }

    /**
     * Moves the gateway's clock forward a second at a time (the clients keep real time and answer at once)
     * until {@code done} holds or {@code limitMillis} are skipped; returns the milliseconds skipped.
     */
    private long skipUntil(BooleanSupplier done, long limitMillis) throws InterruptedException {
        long start = skipped.get();
        while (!done.getAsBoolean() && skipped.get() - start < limitMillis) {
            skipped.addAndGet(1_000);
            for (ShardProtocols p : gateway.core().shards()) {
                p.shard().execute(() -> { }); // wakes the shard to look at its deadlines
            }
            Thread.sleep(25);
        }
        return skipped.get() - start;
    }

    private long traced(String text) {
        return gateway.core().traceBook().find("", 10_000).stream().filter(l -> l.text().contains(text)).count();
    }

    private void awaitTraced(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (traced(text) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never traced: " + text);
            }
            Thread.sleep(10);
        }
    }

    /**
     * A phone that lost power sends no DELETE and no StopCCN. When it connects again with the same
     * certificate, from another NAT mapping, its old tunnel is probed at once and goes when the L2TP
     * retransmission budget (31 s with the defaults) runs out, instead of after 60 s of silence plus that
     * budget; the new session keeps working.
     */
    @Test
    void aReconnectOfTheSameCertificateProbesTheStaleTunnelWhichGoesAfterTheRetransmissionBudget() throws Exception {
        reconnectAfterPowerOffCleansUpWithinTheRetransmissionBudget(40_501, 44_501, true);
    }

    /**
     * The interop lab's case: the same address and port again and no INITIAL-CONTACT (strongSwan), so the old
     * and the new tunnel share one peer and the probe of the old one travels in the new SA; the new client
     * does not know that tunnel and ignores it.
     */
    @Test
    void aReconnectFromTheSameEndpointWithoutInitialContactHasTheStaleTunnelProbedToo() throws Exception {
        reconnectAfterPowerOffCleansUpWithinTheRetransmissionBudget(40_500, 44_500, false);
    }

    private void reconnectAfterPowerOffCleansUpWithinTheRetransmissionBudget(int port500, int port4500,
            boolean initialContact) throws Exception {
        start();
        TestIpsecClient old = client(alice, 40_500, 44_500, "alice", "alice-ppp", 18);
        old.connect();
        assertThat(old.awaitUp(15)).isTrue();
        awaitGatewaySessions(1);
        int oldAddress = old.address();
        old.vanish(); // no DELETE, no StopCCN, no LCP Terminate
        try (TestIpsecClient again = client(alice, port500, port4500, "alice", "alice-ppp", 19)) {
            if (!initialContact) {
                again.withoutInitialContact();
            }
            again.connect();
            assertThat(again.awaitUp(15)).as("trace %s", again.trace).isTrue();
            awaitGatewaySessions(2);
            awaitTraced("liveness probe, a newer tunnel of " + alice.cert().getSubjectX500Principal().getName()
                    + " came up");
            // The new tunnel logs one line for the probes it caused; the probed tunnel keeps its own for its trace.
            assertThat(traced("liveness probe of 1 older tunnel of")).isEqualTo(1);

            long took = skipUntil(() -> gateway.sessions().size() == 1, 90_000);

            // 31 s of budget; the one-second steps and a busy machine make the gateway see a little more or less.
            assertThat(took).as("the retransmission budget, far less than 60 s idle plus the budget")
                    .isBetween(25_000L, 40_000L);
            assertThat(gateway.core().traceBook().find("", 10_000)).as("ended as any unanswered HELLO ends a tunnel")
                    .anySatisfy(l -> assertThat(l.text()).matches(
                            "L2TP tunnel \\d+ down: peer unreachable: HELLO Ns=\\d+ not acknowledged after 5 transmissions in .* s"));
            assertThat(gateway.core().router().lookup(oldAddress)).as("the old address is free").isNull();
            SessionContext left = gateway.core().sessions().getFirst();
            assertThat(left.address().map(a -> Ipv4Addresses.toInt(a))).contains(again.address());
            assertThat(gateway.core().tunnelsByIdentity().count(TunnelsByIdentity.key(left.peer().identity()
                    .orElseThrow()))).as("the index forgot the old tunnel").isEqualTo(1);

            byte[] up = Ipv4Packets.udp(again.address(), LAN_HOST, 5000, 53, "still".getBytes());
            again.sendIpv4(up);
            assertThat(io.tunDevice().takeWritten(5, TimeUnit.SECONDS)).isEqualTo(up);
            byte[] down = Ipv4Packets.udp(LAN_HOST, again.address(), 53, 5000, "working".getBytes());
            io.tunDevice().inject(down);
            assertThat(again.received.poll(5, TimeUnit.SECONDS)).isEqualTo(down);
        }
    }

    /** Two live devices with one certificate behind one NAT: the second one's probe ends neither. */
    @Test
    void twoLiveDevicesWithOneCertificateBehindOneNatBothSurviveTheProbe() throws Exception {
        start();
        try (TestIpsecClient phone = client(alice, 40_500, 44_500, "alice", "alice-ppp", 26);
                TestIpsecClient laptop = client(alice, 40_501, 44_501, "alice", "alice-ppp", 27)) {
            phone.connect();
            assertThat(phone.awaitUp(15)).isTrue();
            awaitGatewaySessions(1);
            laptop.connect();
            assertThat(laptop.awaitUp(15)).isTrue();
            awaitGatewaySessions(2);
            awaitTraced("liveness probe, a newer tunnel of");

            skipUntil(() -> false, 40_000);

            assertThat(traced("peer unreachable")).isZero();
            assertThat(gateway.sessions()).hasSize(2);
            assertThat(phone.linkDown.getCount()).isEqualTo(1);
            byte[] toPhone = Ipv4Packets.udp(LAN_HOST, phone.address(), 53, 5000, "phone".getBytes());
            byte[] toLaptop = Ipv4Packets.udp(LAN_HOST, laptop.address(), 53, 5000, "laptop".getBytes());
            io.tunDevice().inject(toPhone);
            io.tunDevice().inject(toLaptop);
            assertThat(phone.received.poll(5, TimeUnit.SECONDS)).isEqualTo(toPhone);
            assertThat(laptop.received.poll(5, TimeUnit.SECONDS)).isEqualTo(toLaptop);
        }
    }

    @Test
    void withUniqueIdsTheNewestConnectionOfAnIdentityWinsAcrossShards() throws Exception {
        Path unique = dir.resolve("unique.toml");
        Files.writeString(unique, Files.readString(config).replace("[ike]\n", "[ike]\nuniqueids = \"yes\"\n"));
        start(unique);
        // Two addresses that land on different shards, so that neither IKE engine sees both SAs.
        InetAddress first = GatewayCleartextTest.address("198.51.100.7");
        InetAddress second = null;
        for (int i = 8; i < 250 && second == null; i++) {
            InetAddress a = GatewayCleartextTest.address("198.51.100." + i);
            if (gateway.core().shardFor(a) != gateway.core().shardFor(first)) {
                second = a;
            }
        }
        assertThat(second).isNotNull();
        IkeSettings settings = IkeSettings.builder().certificate(alice.cert(), alice.key())
                .trust(TrustSettings.of(List.of(caCert), List.of())).build();
        try (TestIpsecClient older = new TestIpsecClient(network, first, 40_500, 44_500,
                GatewayCleartextTest.address("192.168.1.10"), GATEWAY, settings,
                PppClientSettings.androidLike("alice", "alice-ppp"), 22, null)) {
            older.connect();
            assertThat(older.awaitUp(15)).isTrue();
            try (TestIpsecClient newer = new TestIpsecClient(network, second, 40_500, 44_500,
                    GatewayCleartextTest.address("192.168.1.11"), GATEWAY, settings,
                    PppClientSettings.androidLike("alice", "alice-ppp"), 23, null)) {
                newer.connect();
                assertThat(newer.awaitUp(15)).isTrue();
                assertThat(older.ipsecDown.await(10, TimeUnit.SECONDS)).as("the older SA was deleted").isTrue();
            }
        }
    }

    @Test
    void byDefaultClientsReachTheNetworkButNotEachOther() throws Exception {
        start(); // [tun] isolate-clients defaults to true
        try (TestIpsecClient a = client(alice, 40_500, 44_500, "alice", "alice-ppp", 22);
                TestIpsecClient b = client(bob, 40_501, 44_501, "bob", "bob-ppp", 23)) {
            bothUp(a, b);
            byte[] toB = Ipv4Packets.udp(a.address(), b.address(), 5000, 5000, "peer".getBytes());
            a.sendIpv4(toB);
            byte[] toLan = Ipv4Packets.udp(a.address(), LAN_HOST, 5000, 53, "lan".getBytes());
            a.sendIpv4(toLan);
            // In order on one SA: the LAN packet arriving first means the one to bob was dropped, not late.
            assertThat(io.tunDevice().takeWritten(5, TimeUnit.SECONDS)).isEqualTo(toLan);
            assertThat(gateway.core().counters().drops(DropReason.CLIENT_ISOLATION)).isEqualTo(1);
            assertThat(b.received.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void withoutIsolationAPacketForAnotherClientGoesToTheHostToRoute() throws Exception {
        Path open = dir.resolve("not-isolated.toml");
        Files.writeString(open, Files.readString(config) + "\n[tun]\nisolate-clients = false\n");
        start(open);
        try (TestIpsecClient a = client(alice, 40_500, 44_500, "alice", "alice-ppp", 24);
                TestIpsecClient b = client(bob, 40_501, 44_501, "bob", "bob-ppp", 25)) {
            bothUp(a, b);
            byte[] toB = Ipv4Packets.udp(a.address(), b.address(), 5000, 5000, "peer".getBytes());
            a.sendIpv4(toB);
            assertThat(io.tunDevice().takeWritten(5, TimeUnit.SECONDS)).isEqualTo(toB);
            assertThat(gateway.core().counters().drops(DropReason.CLIENT_ISOLATION)).isZero();
        }
    }

    @Test
    void twoClientsBehindOneNatBothWork() throws Exception {
        start();
        try (TestIpsecClient a = client(alice, 40_500, 44_500, "alice", "alice-ppp", 14);
                TestIpsecClient b = client(bob, 40_501, 44_501, "bob", "bob-ppp", 15)) {
            bothUp(a, b);
            byte[] toA = Ipv4Packets.udp(LAN_HOST, a.address(), 53, 5000, "a".getBytes());
            byte[] toB = Ipv4Packets.udp(LAN_HOST, b.address(), 53, 5000, "b".getBytes());
            io.tunDevice().inject(toA);
            io.tunDevice().inject(toB);
            assertThat(a.received.poll(5, TimeUnit.SECONDS)).isEqualTo(toA);
            assertThat(b.received.poll(5, TimeUnit.SECONDS)).isEqualTo(toB);
        }
    }
}
