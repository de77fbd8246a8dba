package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.certvpn.config.Limits;
import org.certvpn.l2tp.L2tpSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.net.InMemoryTunDevice;
import org.certvpn.net.TunConfig;
import org.certvpn.pool.AddressPool;
import org.certvpn.pool.Ipv4Range;
import org.certvpn.ppp.LinkDownReason;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.PppSettings;
import org.certvpn.ppp.auth.PppUser;
import org.certvpn.ppp.auth.UserDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole gateway (shards, receive loops, TUN loop, L2TP and PPP engines) in the cleartext L2TP test
 * mode, on an in-memory network and TUN device, with the project's own LAC and PPP client as clients.
 */
class GatewayCleartextTest {
    static final InetSocketAddress GATEWAY = new InetSocketAddress(address("192.0.2.1"), 1701);
    static final int LAN_HOST = Ipv4Addresses.toInt(address("198.51.100.200"));

    private InMemoryNetwork network;
    private InMemoryGatewayIo io;
    private Gateway gateway;

    static Inet4Address address(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static GatewayPlan plan(Map<String, PppUser> users) {
        return plan(users, Limits.DEFAULT);
    }

    static GatewayPlan plan(Map<String, PppUser> users, Limits limits) {
        Inet4Address local = address("203.0.113.1");
        return new GatewayPlan(Optional.empty(), new InetSocketAddress(address("192.0.2.1"), 500), 4500,
                Optional.of(GATEWAY), false,
                L2tpSettings.defaults(),
                PppSettings.defaults("gw", local).withServers(List.of(address("203.0.113.53")), List.of()),
                UserDirectory.of(users), AddressPool.of(Ipv4Range.parse("203.0.113.128-203.0.113.131")),
                new TunConfig("certvpn0", local, 24, 1400, List.of(), false), false, limits,
                Path.of("/nonexistent/control.sock"), 2, true);
    }

    @BeforeEach
    void start() throws Exception {
        network = new InMemoryNetwork();
        io = new InMemoryGatewayIo(network);
        gateway = new Gateway(plan(Map.of("alice", PppUser.of("alice", "alice-pw"), "bob", PppUser.of("bob", "bob-pw"))),
                io, () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(), new SplittableRandom(1));
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** Both ends must have opened IPCP before IPv4 flows; the client may see it a moment before the gateway. */
    private void awaitGatewaySessions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.sessions().stream().filter(v -> v.tunnelAddress().isPresent()).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gateway sessions not up: " + gateway.sessions());
            }
            Thread.sleep(10);
        }
    }

    private TestL2tpClient client(String host, int port, String user, String password, long seed) throws Exception {
        return new TestL2tpClient(network.bind(new InetSocketAddress(address(host), port)), GATEWAY,
                PppClientSettings.androidLike(user, password), seed);
    }

    /**
     * A Configure-Request in IPCP's Opened state makes both ends negotiate IPCP again (RFC 1661 §4.3, event RCR
     * in state 9): the session comes up a second time but it is still one handshake, counted once.
     */
    @Test
    void anIpcpRenegotiationIsNotASecondSuccessfulHandshake() throws Exception {
        try (TestL2tpClient alice = client("198.51.100.7", 1701, "alice", "alice-pw", 7)) {
            alice.connect();
            assertThat(alice.awaitUp(10)).as("PPP network up").isTrue();
            awaitGatewaySessions(1);
            assertThat(gateway.metrics().handshakesSucceeded()).isEqualTo(1);

            // IP-Address 0.0.0.0 (RFC 1332 §3.3): "give me an address", as in a client's first request.
            byte[] request = new org.certvpn.ppp.wire.ControlPacket(1, 0x55, org.certvpn.ppp.wire.ConfigOption.encodeAll(
                    List.of(org.certvpn.ppp.wire.ConfigOption.ofInt(3, 0)))).encode();
            alice.sendPppFrame(org.certvpn.ppp.wire.PppFrame.encodeUncompressed(0x8021, request, 0, 0));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (alice.networkUps.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(alice.networkUps.get()).as("the client saw IPCP come up again").isEqualTo(2);

            // Traffic flows again once the gateway's IPCP is up again (going down unbound the address).
            int addr = alice.address();
            byte[] up = Ipv4Packets.udp(addr, LAN_HOST, 5000, 53, "again".getBytes());
            InMemoryTunDevice tun = io.tunDevice();
            byte[] written = null;
            while (written == null && System.nanoTime() < deadline) {
                alice.sendIpv4(up);
                written = tun.takeWritten(100, TimeUnit.MILLISECONDS);
            }
            assertThat(written).isEqualTo(up);
            assertThat(gateway.metrics().handshakesSucceeded()).isEqualTo(1);
        }
    }

    @Test
    void clientGetsAnAddressAndTrafficFlowsBothWays() throws Exception {
        try (TestL2tpClient alice = client("198.51.100.7", 1701, "alice", "alice-pw", 7)) {
            alice.connect();
            assertThat(alice.awaitUp(10)).as("PPP network up").isTrue();
            awaitGatewaySessions(1);
            int addr = alice.address();
            assertThat(Ipv4Addresses.text(addr)).startsWith("203.0.113.1");
            assertThat(alice.network.dns()).containsExactly(address("203.0.113.53"));

            InMemoryTunDevice tun = io.tunDevice();
            byte[] up = Ipv4Packets.udp(addr, LAN_HOST, 5000, 53, "hello".getBytes());
            alice.sendIpv4(up);
            assertThat(tun.takeWritten(5, TimeUnit.SECONDS)).isEqualTo(up);

            byte[] down = Ipv4Packets.udp(LAN_HOST, addr, 53, 5000, "world".getBytes());
            tun.inject(down);
            assertThat(alice.received.poll(5, TimeUnit.SECONDS)).isEqualTo(down);

            // The receive loop counts a packet just after handing it to the TUN device: wait for the count.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gateway.sessions().getFirst().bytesIn() < up.length && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<SessionView> sessions = gateway.sessions();
            assertThat(sessions).hasSize(1);
            assertThat(sessions.getFirst().user()).isEqualTo("alice");
            assertThat(sessions.getFirst().tunnelAddress()).contains(Ipv4Addresses.text(addr));
            assertThat(sessions.getFirst().bytesIn()).isEqualTo(up.length);
            assertThat(sessions.getFirst().bytesOut()).isGreaterThanOrEqualTo(down.length);
        }
    }

    @Test
    void spoofedSourceAddressesAreDroppedAndCounted() throws Exception {
        try (TestL2tpClient alice = client("198.51.100.7", 1701, "alice", "alice-pw", 7)) {
            alice.connect();
            assertThat(alice.awaitUp(10)).isTrue();
            awaitGatewaySessions(1);
            int addr = alice.address();
            alice.sendIpv4(Ipv4Packets.udp(addr + 1, LAN_HOST, 5000, 53, "spoof".getBytes()));
            byte[] good = Ipv4Packets.udp(addr, LAN_HOST, 5000, 53, "good".getBytes());
            alice.sendIpv4(good);
            assertThat(io.tunDevice().takeWritten(5, TimeUnit.SECONDS)).isEqualTo(good);
            assertThat(gateway.core().counters().drops(DropReason.SPOOFED_SOURCE)).isEqualTo(1);
        }
    }

    @Test
    void twoClientsBehindOneNatDoNotCollide() throws Exception {
        try (TestL2tpClient alice = client("198.51.100.7", 1701, "alice", "alice-pw", 7);
                TestL2tpClient bob = client("198.51.100.7", 40_000, "bob", "bob-pw", 7)) {
            alice.connect();
            bob.connect();
            assertThat(alice.awaitUp(10)).isTrue();
            assertThat(bob.awaitUp(10)).isTrue();
            awaitGatewaySessions(2);
            assertThat(alice.address()).isNotEqualTo(bob.address());

            byte[] toBob = Ipv4Packets.udp(LAN_HOST, bob.address(), 53, 5000, "for bob".getBytes());
            byte[] toAlice = Ipv4Packets.udp(LAN_HOST, alice.address(), 53, 5000, "for alice".getBytes());
            io.tunDevice().inject(toBob);
            io.tunDevice().inject(toAlice);
            assertThat(bob.received.poll(5, TimeUnit.SECONDS)).isEqualTo(toBob);
            assertThat(alice.received.poll(5, TimeUnit.SECONDS)).isEqualTo(toAlice);
            assertThat(gateway.sessions()).hasSize(2);
        }
    }

    @Test
    void wrongPasswordIsRefusedAndTheAddressStaysFree() throws Exception {
        try (TestL2tpClient mallory = client("198.51.100.9", 1701, "alice", "wrong", 9)) {
            mallory.connect();
            assertThat(mallory.linkDown.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(mallory.networkUp.getCount()).isEqualTo(1);
            assertThat(gateway.core().leases().leased()).isZero();
            assertThat(gateway.core().traceBook().find("198.51.100.9", 50))
                    .anySatisfy(l -> assertThat(l.text()).contains("authentication of \"alice\" failed"));
        }
    }

    @Test
    void shutdownTellsClientsGoodbye() throws Exception {
        try (TestL2tpClient alice = client("198.51.100.7", 1701, "alice", "alice-pw", 7)) {
            alice.connect();
            assertThat(alice.awaitUp(10)).isTrue();
            gateway.shutdown(Duration.ofSeconds(5));
            assertThat(alice.linkDown.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(alice.downReason).isIn(LinkDownReason.PEER_TERMINATED, LinkDownReason.LOWER_LAYER_DOWN);
        }
    }
}
