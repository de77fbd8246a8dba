package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.ppp.PppClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cleartext L2TP: with IPsec configured (and the cleartext test mode off, the default) the gateway does not
 * even listen on UDP 1701, so an L2TP client without IPsec gets no answer, while an L2TP/IPsec client on the
 * same gateway connects.
 */
class L2tpOutsideEspTest {
    @TempDir
    Path dir;

    @Test
    void l2tpWithoutIpsecIsNeverAnsweredWhileL2tpInsideEspWorks() throws Exception {
        Path file = dir.resolve("gateway.toml");
        Files.writeString(file, GatewayReloadTest.GOOD.formatted(GatewayReloadTest.PSK, "bob-ppp"));
        ConfigResult r = ConfigLoader.load(new ConfigSources.Native(file));
        assertThat(r).as(r.toString()).isInstanceOf(ConfigResult.Loaded.class);
        GatewayPlan plan = ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 2);
        assertThat(plan.l2tpCleartext()).as("no cleartext L2TP listener").isEmpty();

        InMemoryNetwork network = new InMemoryNetwork();
        try (Gateway gateway = new Gateway(plan, new InMemoryGatewayIo(network), () -> System.nanoTime() / 1_000_000L,
                Clock.systemUTC(), new SplittableRandom(7))) {
            gateway.start();
            try (TestL2tpClient plain = new TestL2tpClient(
                    network.bind(new InetSocketAddress(GatewayCleartextTest.address("198.51.100.8"), 1701)),
                    new InetSocketAddress(GatewayReloadTest.GATEWAY, 1701), PppClientSettings.androidLike("alice", "alice-ppp"),
                    1)) {
                plain.connect();
                assertThat(plain.awaitUp(3)).as("L2TP without IPsec").isFalse();
            }
            try (TestIpsecClient protectedClient = new TestIpsecClient(network, GatewayReloadTest.NAT, 40_500, 44_500,
                    GatewayCleartextTest.address("192.168.1.10"), GatewayReloadTest.GATEWAY, IkeSettings.builder().build(),
                    PppClientSettings.androidLike("alice", "alice-ppp"), 2,
                    GatewayReloadTest.PSK.getBytes(StandardCharsets.UTF_8))) {
                protectedClient.connect();
                assertThat(protectedClient.awaitUp(15)).as("L2TP inside ESP; trace %s", protectedClient.trace).isTrue();
            }
            assertThat(gateway.sessions()).allSatisfy(s -> assertThat(s.user()).isEqualTo("alice"));
        }
    }
}
