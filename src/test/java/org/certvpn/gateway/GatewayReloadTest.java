package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.control.ControlRequest;
import org.certvpn.control.ControlResponse;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.ppp.PppClientSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certvpn reload} through the control socket's handler: a broken file is refused with its errors while
 * the running configuration keeps serving (established sessions forward, the old users still log in), and a
 * fixed file is applied afterwards.
 */
class GatewayReloadTest {
    static final InetAddress GATEWAY = GatewayCleartextTest.address("192.0.2.1");
    static final InetAddress NAT = GatewayCleartextTest.address("198.51.100.7");
    static final int LAN_HOST = Ipv4Addresses.toInt(GatewayCleartextTest.address("198.51.100.200"));
    static final String PSK = "reload-test-shared-secret";

    static final String GOOD = """
            [ike]
            listen = "192.0.2.1"

            [[connection]]
            name = "psk"
            auth = "psk"

            [[connection.psk]]
            secret = "%s"

            [l2tp]
            local-ip = "203.0.113.1"
            pool = ["203.0.113.128-203.0.113.140"]

            [[user]]
            name = "alice"
            password = "alice-ppp"

            [[user]]
            name = "bob"
            password = "%s"

            [control]
            socket = "/nonexistent/control.sock"
            """;

    @TempDir
    Path dir;
    private Gateway gateway;
    private InMemoryNetwork network;
    private InMemoryGatewayIo io;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aBrokenFileIsRefusedWithItsErrorsAndTheRunningConfigurationKeepsServing() throws Exception {
        Path file = dir.resolve("gateway.toml");
        Files.writeString(file, GOOD.formatted(PSK, "bob-ppp"));
        ConfigSources sources = new ConfigSources.Native(file);
        ConfigResult first = ConfigLoader.load(sources);
        assertThat(first).as(first.toString()).isInstanceOf(ConfigResult.Loaded.class);
        network = new InMemoryNetwork();
        io = new InMemoryGatewayIo(network);
        gateway = new Gateway(ConfigMapping.plan(((ConfigResult.Loaded) first).config(), 2), io,
                () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(), new SplittableRandom(5));
        gateway.start();
        GatewayControl control = new GatewayControl(gateway, new ConfigReload(sources, gateway, 2));

        try (TestIpsecClient alice = client(40_500, "alice", "alice-ppp", 1)) {
            alice.connect();
            assertThat(alice.awaitUp(15)).as("alice up; trace %s", alice.trace).isTrue();
            awaitRoute(1);
            assertForwards(alice, "before");

            // A syntax error (an unterminated string) and, in a second attempt, a file that parses but is wrong.
            Files.writeString(file, GOOD.formatted(PSK, "bob-new").replace("name = \"bob\"", "name = \"bob"));
            ControlResponse syntax = control.handle(ControlRequest.of("reload"));
            assertThat(syntax.ok()).isFalse();
            assertThat(syntax.error()).contains("the running configuration stays");
            assertThat(syntax.lines()).anySatisfy(l -> assertThat(l).startsWith(file + ":").contains("error"));

            Files.writeString(file, GOOD.formatted(PSK, "bob-new").replace("203.0.113.128-203.0.113.140", "203.0.113.300"));
            ControlResponse semantic = control.handle(ControlRequest.of("reload"));
            assertThat(semantic.ok()).isFalse();
            assertThat(semantic.lines()).anySatisfy(l -> assertThat(l).contains("error").contains("203.0.113.300"));

            assertForwards(alice, "after the refused reloads");
            assertThat(gateway.sessions()).hasSize(1);
            try (TestIpsecClient bobOld = client(40_501, "bob", "bob-ppp", 2)) {
                bobOld.connect();
                assertThat(bobOld.awaitUp(15)).as("bob's old password still works; trace %s", bobOld.trace).isTrue();
            }

            // Fixed: the new password applies, the old one no longer does, alice's session is untouched.
            Files.writeString(file, GOOD.formatted(PSK, "bob-new"));
            ControlResponse fixed = control.handle(ControlRequest.of("reload"));
            assertThat(fixed.ok()).as(fixed.toString()).isTrue();
            try (TestIpsecClient bobStale = client(40_502, "bob", "bob-ppp", 3)) {
                bobStale.connect();
                assertThat(bobStale.linkDown.await(20, TimeUnit.SECONDS)).isTrue();
                assertThat(bobStale.networkUp.getCount()).as("the old password is refused").isEqualTo(1);
            }
            try (TestIpsecClient bobNew = client(40_503, "bob", "bob-new", 4)) {
                bobNew.connect();
                assertThat(bobNew.awaitUp(15)).as("bob's new password works; trace %s", bobNew.trace).isTrue();
            }
            assertForwards(alice, "after the good reload");
        }
    }

    private TestIpsecClient client(int port, String user, String password, long seed) throws Exception {
        return new TestIpsecClient(network, NAT, port, port + 4_000, GatewayCleartextTest.address("192.168.1.10"),
                GATEWAY, IkeSettings.builder().build(), PppClientSettings.androidLike(user, password), seed,
                PSK.getBytes(StandardCharsets.UTF_8));
    }

    /** The client's IPCP finishes before the gateway's side has routed its address: wait for the latter. */
    private void awaitRoute(int sessions) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (gateway.sessions().stream().filter(v -> v.tunnelAddress().isPresent()).count() < sessions) {
            assertThat(System.nanoTime()).as("gateway sessions routed: %s", gateway.sessions()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void assertForwards(TestIpsecClient c, String when) throws Exception {
        byte[] down = Ipv4Packets.udp(LAN_HOST, c.address(), 53, 5000, when.getBytes(StandardCharsets.UTF_8));
        io.tunDevice().inject(down);
        assertThat(c.received.poll(5, TimeUnit.SECONDS)).as("forwarded " + when).isEqualTo(down);
    }
}
