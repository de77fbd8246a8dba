package org.certvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.certvpn.config.ConfigLoader;
import org.certvpn.config.ConfigResult;
import org.certvpn.config.ConfigSources;
import org.certvpn.control.ControlRequest;
import org.certvpn.ike.IkeSettings;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.ppp.PppClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connect costs the log a handful of lines: one per layer that came up (IKE SA, child SA, L2TP tunnel, PPP
 * with the address given), while every step on the way (Main Mode, proposal, NAT detection, peer ID, the
 * NAT-T float, Quick Mode, ESP SAs, L2TP session, PPP authentication) stays in {@code certvpn trace} and in the
 * DEBUG log. The old stack wrote dozens of lines per connect across three daemons; the 100,000-tunnel load test
 * wrote 21 per connect here before this split.
 */
class GatewayLogTest {
    static final InetAddress NAT = GatewayCleartextTest.address("198.51.100.7");
    static final InetAddress GATEWAY = GatewayCleartextTest.address("192.0.2.1");

    @TempDir
    Path dir;

    record Line(Level level, String text) { }

    @Test
    void aConnectLogsOneInfoLinePerLayerAndTracesEveryStep() throws Exception {
        Path file = dir.resolve("gateway.toml");
        Files.writeString(file, """
                [ike]
                listen = "192.0.2.1"

                [[connection]]
                name = "psk"
                auth = "psk"

                [[connection.psk]]
                secret = "log-test-psk"

                [l2tp]
                local-ip = "203.0.113.1"
                pool = ["203.0.113.128-203.0.113.140"]

                [ppp]
                auth = ["mschap-v2"]

                [[user]]
                name = "alice"
                password = "alice-password"

                [control]
                socket = "/nonexistent/control.sock"
                """);
        List<Line> logged = new ArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logged) {
                    logged.add(new Line(r.getLevel(), formatter.formatMessage(r)));
                }
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        capture.setLevel(Level.ALL);
        Logger certvpn = Logger.getLogger("org.certvpn");
        Level before = certvpn.getLevel();
        certvpn.addHandler(capture);
        certvpn.setLevel(Level.FINE); // as `serve --debug`: the steps must reach the DEBUG log
        List<String> trace;
        try {
            ConfigResult r = ConfigLoader.load(new ConfigSources.Native(file));
            assertThat(r).as(r.toString()).isInstanceOf(ConfigResult.Loaded.class);
            InMemoryNetwork network = new InMemoryNetwork();
            Gateway gateway = new Gateway(ConfigMapping.plan(((ConfigResult.Loaded) r).config(), 2),
                    new InMemoryGatewayIo(network), () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(),
                    new SplittableRandom(3));
            gateway.start();
            try (TestIpsecClient alice = new TestIpsecClient(network, NAT, 40_500, 44_500,
                    GatewayCleartextTest.address("192.168.1.10"), GATEWAY, IkeSettings.builder().build(),
                    PppClientSettings.androidLike("alice", "alice-password"), 11,
                    "log-test-psk".getBytes(StandardCharsets.UTF_8))) {
                alice.connect();
                assertThat(alice.awaitUp(15)).as("alice up; %s", alice.trace).isTrue();
                GatewayControl control = new GatewayControl(gateway,
                        new ConfigReload(new ConfigSources.Native(file), gateway, 2));
                trace = control.handle(ControlRequest.of("trace", "198.51.100.7", "1000")).lines();
            } finally {
                gateway.close();
            }
        } finally {
            certvpn.removeHandler(capture);
            certvpn.setLevel(before);
        }

        List<String> info;
        List<String> debug;
        synchronized (logged) {
            // The gateway's lines name the client by the NAT's address; the test client's own engines log too.
            info = logged.stream().filter(l -> l.level().intValue() >= Level.INFO.intValue())
                    .map(Line::text).filter(t -> t.contains("198.51.100.7") && !t.contains("goodbye")).toList();
            debug = logged.stream().filter(l -> l.level().intValue() < Level.INFO.intValue())
                    .map(Line::text).filter(t -> t.contains("198.51.100.7")).toList();
        }
        List<String> connect = info.subList(0, Math.min(4, info.size()));
        assertThat(connect).as("INFO lines of the connect: %s", info).hasSize(4);
        assertThat(connect.get(0)).contains("IKE SA established: ", "/PSK", "PSK for", "NAT-T", "(peer behind NAT)");
        assertThat(connect.get(1)).contains("child SA installed: ", "UDP-encapsulated", "peer traffic address 192.168.1.10");
        assertThat(connect.get(2)).containsPattern("L2TP tunnel \\d+/\\d+ up");
        assertThat(connect.get(3)).containsPattern("PPP up: user \"alice\" got 203\\.0\\.113\\.\\d+(, DNS .*)?, peer MRU \\d+");
        assertThat(info.subList(4, info.size())).as("after the connect only its end is logged")
                .noneMatch(l -> l.contains("proposal chosen") || l.contains("authenticated") || l.contains("installed"));

        List<String> steps = List.of("Main Mode from 198.51.100.7:40500", "proposal chosen: ", "NAT detected: peer is behind NAT",
                "peer ID ", "peer authenticated by PSK", "peer moved from 198.51.100.7:40500 (our port 500) to "
                        + "198.51.100.7:44500 (our port 4500)", "Quick Mode: ", "ESP SAs installed: ", "up, starting PPP",
                "PPP user \"alice\" authenticated");
        for (String step : steps) {
            assertThat(trace).as("`certvpn trace` keeps the step %s", step).anyMatch(l -> l.contains(step));
            assertThat(debug).as("the DEBUG log has the step %s", step).anyMatch(l -> l.contains(step));
            assertThat(info).as("the INFO log leaves out the step %s", step).noneMatch(l -> l.contains(step));
        }
        assertThat(debug).as("the engines' own state lines are DEBUG")
                .anyMatch(l -> l.contains("WAIT_CTL_CONN -> ESTABLISHED"))
                .anyMatch(l -> l.contains("LCP up: peer MRU"))
                .anyMatch(l -> l.contains("network up: alice is 203.0.113."));
    }
}
