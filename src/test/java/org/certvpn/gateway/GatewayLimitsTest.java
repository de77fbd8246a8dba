package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.certvpn.config.Limits;
import org.certvpn.metrics.HandshakeFailure;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.auth.PppUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The configured limits, end to end through the whole gateway (cleartext L2TP test mode, in memory):
 * sessions per source address, in total and per user, and the login throttle with its lockout. Refusals
 * are traced once per interval, however many attempts there are.
 */
class GatewayLimitsTest {
    private static final Map<String, PppUser> USERS = Map.of("alice", PppUser.of("alice", "alice-pw"),
            "bob", PppUser.of("bob", "bob-pw"), "carol", PppUser.of("carol", "carol-pw"));

    private InMemoryNetwork network;
    private Gateway gateway;
    private final List<TestL2tpClient> clients = new ArrayList<>();

    private void start(Limits limits) throws Exception {
        network = new InMemoryNetwork();
        gateway = new Gateway(GatewayCleartextTest.plan(USERS, limits), new InMemoryGatewayIo(network),
                () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(), new SplittableRandom(5));
        gateway.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(TestL2tpClient::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    private TestL2tpClient connect(String host, int port, String user, String password) throws Exception {
        TestL2tpClient c = new TestL2tpClient(network.bind(new InetSocketAddress(GatewayCleartextTest.address(host), port)),
                GatewayCleartextTest.GATEWAY, PppClientSettings.androidLike(user, password), port);
        clients.add(c);
        c.connect();
        return c;
    }

    private long traced(String text) {
        return gateway.core().traceBook().find("", 10_000).stream().filter(l -> l.text().contains(text)).count();
    }

    private static Limits limits(int perSource, int perUser, int total) {
        Limits d = Limits.DEFAULT;
        return new Limits(perSource, perUser, total, d.maxHalfOpenPerSource(), d.maxHalfOpen(),
                d.maxFragmentsPerMessage(), d.maxReassembledSize(), d.reassemblyTimeout(), d.maxPendingReassemblies());
    }

    @Test
    void sessionsBeyondThePerSourceLimitAreRefusedAndTracedOnce() throws Exception {
        start(limits(1, 8, 1024));
        TestL2tpClient alice = connect("198.51.100.7", 1701, "alice", "alice-pw");
        assertThat(alice.awaitUp(10)).isTrue();
        List<TestL2tpClient> refused = new ArrayList<>();
        for (int port = 40_000; port < 40_004; port++) {
            refused.add(connect("198.51.100.7", port, "bob", "bob-pw"));
        }
        TestL2tpClient other = connect("198.51.100.8", 1701, "carol", "carol-pw");
        assertThat(other.awaitUp(10)).as("another source is not affected").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.metrics().handshakesFailed(HandshakeFailure.LIMIT) < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gateway.metrics().handshakesFailed(HandshakeFailure.LIMIT)).isEqualTo(4);
        refused.forEach(c -> assertThat(c.networkUp.getCount()).isEqualTo(1));
        assertThat(traced("limit of 1 sessions from 198.51.100.7 reached")).isEqualTo(1);
        assertThat(gateway.sessions()).hasSize(2);
    }

    @Test
    void theGatewayWideLimitHolds() throws Exception {
        start(limits(64, 8, 1));
        assertThat(connect("198.51.100.7", 1701, "alice", "alice-pw").awaitUp(10)).isTrue();
        TestL2tpClient bob = connect("198.51.100.8", 1701, "bob", "bob-pw");
        assertThat(bob.awaitUp(3)).isFalse();
        assertThat(traced("gateway limit of 1 sessions reached")).isEqualTo(1);
    }

    /**
     * Peers are sharded by outer address, so clients behind one NAT all land on one of the two shards: the
     * gateway-wide limit must be reachable from one shard, not half of it.
     */
    @Test
    void theGatewayWideLimitIsReachableFromOneSharedAddress() throws Exception {
        start(limits(64, 8, 2));
        assertThat(connect("198.51.100.7", 1701, "alice", "alice-pw").awaitUp(10)).isTrue();
        assertThat(connect("198.51.100.7", 1702, "bob", "bob-pw").awaitUp(10)).as("the second behind one NAT").isTrue();
        // The third reaches the same shard, whose engine already holds the gateway's two tunnels.
        TestL2tpClient third = connect("198.51.100.7", 1703, "alice", "alice-pw");
        assertThat(third.awaitUp(3)).isFalse();
        assertThat(gateway.sessions()).hasSize(2);
    }

    @Test
    void aUsersNewestLoginWinsOverTheOldestBeyondThePerUserLimit() throws Exception {
        start(limits(64, 1, 1024));
        TestL2tpClient phone = connect("198.51.100.7", 1701, "alice", "alice-pw");
        assertThat(phone.awaitUp(10)).isTrue();
        TestL2tpClient laptop = connect("198.51.100.8", 1701, "alice", "alice-pw");
        assertThat(laptop.awaitUp(10)).isTrue();
        assertThat(phone.linkDown.await(10, TimeUnit.SECONDS)).as("the older session was ended").isTrue();
        assertThat(gateway.sessions()).singleElement().satisfies(v -> assertThat(v.outer().getAddress())
                .isEqualTo(GatewayCleartextTest.address("198.51.100.8")));
    }

    @Test
    void theConfiguredLockoutRefusesEvenTheRightPasswordAndIsTracedSparingly() throws Exception {
        Limits.LoginThrottle lockout = new Limits.LoginThrottle(0, Duration.ofMillis(1), Duration.ofMillis(1), 2,
                Duration.ofHours(1));
        start(limits(64, 8, 1024).withLoginThrottle(lockout));
        for (int i = 0; i < 2; i++) {
            TestL2tpClient guess = connect("198.51.100." + (20 + i), 1701, "alice", "guess-" + i);
            assertThat(guess.linkDown.await(10, TimeUnit.SECONDS)).isTrue();
        }
        for (int i = 0; i < 5; i++) {
            TestL2tpClient real = connect("198.51.100." + (30 + i), 1701, "alice", "alice-pw");
            assertThat(real.linkDown.await(10, TimeUnit.SECONDS)).as("locked out").isTrue();
            assertThat(real.networkUp.getCount()).isEqualTo(1);
        }
        assertThat(traced("blocked for another")).as("throttled refusals traced once per interval").isEqualTo(1);
        assertThat(gateway.metrics().handshakesFailed(HandshakeFailure.PPP_AUTH_FAILED)).isEqualTo(7);
        TestL2tpClient bob = connect("198.51.100.40", 1701, "bob", "bob-pw");
        assertThat(bob.awaitUp(10)).as("other users are not locked out").isTrue();
    }
}
