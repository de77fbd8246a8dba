package org.certvpn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.certvpn.config.MetricsSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoint on an ephemeral loopback port, scraped over HTTP as Prometheus would. */
class MetricsEndpointTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static HttpClient http;

    @BeforeAll
    static void client() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    private static HttpResponse<String> get(MetricsServer server, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(MetricsServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    private static MetricsServer startOnEphemeralPort(GatewayMetrics metrics) throws IOException {
        return MetricsServer.start(new InetSocketAddress(LOOPBACK, 0), metrics);
    }

    @Test
    void scrapeShowsCountersGaugesAndLabels() throws Exception {
        GatewayMetrics metrics = new GatewayMetrics();
        AtomicLong up = new AtomicLong(1);
        metrics.bindSessions(phase -> switch (phase) {
            case UP -> up.get();
            case PPP -> 2;
            default -> 0;
        });
        metrics.bindPool(up::get, () -> 127);

        metrics.handshakeStarted();
        metrics.handshakeStarted();
        metrics.handshakeStarted();
        metrics.handshakeSucceeded();
        metrics.handshakeFailed(HandshakeFailure.REVOKED);
        metrics.handshakeFailed(HandshakeFailure.NO_PROPOSAL_CHOSEN);
        TrafficCounter in = metrics.traffic(Direction.IN);
        TrafficCounter out = metrics.traffic(Direction.OUT);
        in.count(84);
        in.count(1400);
        out.count(60);
        metrics.drop(DropReason.REPLAY);
        metrics.drop(DropReason.REPLAY);
        metrics.drop(DropReason.BAD_ICV);
        metrics.l2tpRetransmission();

        try (MetricsServer server = startOnEphemeralPort(metrics)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            HttpResponse<String> r = get(server, "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");

            PrometheusText p = PrometheusText.parse(r.body());
            assertThat(p.value("certvpn_sessions", "state", "up")).isEqualTo(1);
            assertThat(p.value("certvpn_sessions", "state", "ppp")).isEqualTo(2);
            assertThat(p.value("certvpn_sessions", "state", "ike")).isZero();
            assertThat(p.value("certvpn_handshakes_started_total")).isEqualTo(3);
            assertThat(p.value("certvpn_handshakes_succeeded_total")).isEqualTo(1);
            assertThat(p.value("certvpn_handshakes_failed_total", "reason", "revoked")).isEqualTo(1);
            assertThat(p.value("certvpn_handshakes_failed_total", "reason", "no_proposal_chosen")).isEqualTo(1);
            assertThat(p.value("certvpn_handshakes_failed_total", "reason", "auth_failed")).isZero();
            assertThat(p.value("certvpn_packets_total", "direction", "in")).isEqualTo(2);
            assertThat(p.value("certvpn_bytes_total", "direction", "in")).isEqualTo(1484);
            assertThat(p.value("certvpn_packets_total", "direction", "out")).isEqualTo(1);
            assertThat(p.value("certvpn_bytes_total", "direction", "out")).isEqualTo(60);
            assertThat(p.value("certvpn_drops_total", "reason", "replay")).isEqualTo(2);
            assertThat(p.value("certvpn_drops_total", "reason", "bad_icv")).isEqualTo(1);
            assertThat(p.value("certvpn_drops_total", "reason", "no_sa")).isZero();
            assertThat(p.value("certvpn_l2tp_retransmissions_total")).isEqualTo(1);
            assertThat(p.value("certvpn_pool_used")).isEqualTo(1);
            assertThat(p.value("certvpn_pool_size")).isEqualTo(127);
            assertThat(p.types()).containsEntry("certvpn_handshakes_failed_total", "counter")
                    .containsEntry("certvpn_sessions", "gauge");
            assertThat(p.named("certvpn_build_info")).singleElement()
                    .satisfies(s -> assertThat(s.labels()).containsKey("version"));

            // Gauges read their suppliers at scrape time, not at registration.
            up.set(5);
            metrics.handshakeSucceeded();
            PrometheusText again = PrometheusText.parse(get(server, "/metrics", null).body());
            assertThat(again.value("certvpn_sessions", "state", "up")).isEqualTo(5);
            assertThat(again.value("certvpn_pool_used")).isEqualTo(5);
            assertThat(again.value("certvpn_handshakes_succeeded_total")).isEqualTo(2);
        }
    }

    @Test
    void everyReasonAndPhaseIsExportedBeforeItHappens() {
        PrometheusText p = PrometheusText.parse(new GatewayMetrics().scrape());
        for (HandshakeFailure f : HandshakeFailure.values()) {
            assertThat(p.value("certvpn_handshakes_failed_total", "reason", f.label())).isZero();
        }
        for (DropReason d : DropReason.values()) {
            assertThat(p.value("certvpn_drops_total", "reason", d.label())).isZero();
        }
        for (SessionPhase s : SessionPhase.values()) {
            assertThat(p.value("certvpn_sessions", "state", s.label())).isZero();
        }
        for (Direction d : Direction.values()) {
            assertThat(p.value("certvpn_packets_total", "direction", d.label())).isZero();
            assertThat(p.value("certvpn_bytes_total", "direction", d.label())).isZero();
        }
        assertThat(p.value("certvpn_pool_size")).isZero();
    }

    @Test
    void labelValuesAreDistinctSnakeCase() {
        for (Enum<?>[] values : new Enum<?>[][] {HandshakeFailure.values(), DropReason.values(), SessionPhase.values(),
                Direction.values()}) {
            var labels = Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList();
            assertThat(labels).doesNotHaveDuplicates().allMatch(l -> l.matches("[a-z][a-z0-9_]*"));
        }
        for (HandshakeFailure f : HandshakeFailure.values()) {
            assertThat(f.label()).isEqualTo(f.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (DropReason d : DropReason.values()) {
            assertThat(d.label()).isEqualTo(d.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void countsExactlyUnderConcurrentUpdates() throws Exception {
        GatewayMetrics metrics = new GatewayMetrics();
        TrafficCounter in = metrics.traffic(Direction.IN);
        int threads = 8;
        int perThread = 50_000;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    in.count(100);
                    metrics.drop(DropReason.NO_SA);
                }
            });
        }
        for (Thread w : workers) {
            w.join();
        }
        PrometheusText p = PrometheusText.parse(metrics.scrape());
        assertThat(p.value("certvpn_packets_total", "direction", "in")).isEqualTo(threads * perThread);
        assertThat(p.value("certvpn_bytes_total", "direction", "in")).isEqualTo(threads * perThread * 100.0);
        assertThat(p.value("certvpn_drops_total", "reason", "no_sa")).isEqualTo(threads * perThread);
        assertThat(in.packets()).isEqualTo((long) threads * perThread);
        assertThat(metrics.drops(DropReason.NO_SA)).isEqualTo((long) threads * perThread);
    }

    @Test
    void servesOpenMetricsWhenAskedFor() throws Exception {
        GatewayMetrics metrics = new GatewayMetrics();
        metrics.handshakeFailed(HandshakeFailure.TIMEOUT);
        try (MetricsServer server = startOnEphemeralPort(metrics)) {
            HttpResponse<String> r = get(server, "/metrics",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
            assertThat(r.body()).contains("# TYPE certvpn_handshakes_failed counter")
                    .contains("certvpn_handshakes_failed_total{reason=\"timeout\"} 1")
                    .endsWith("# EOF\n");
        }
    }

    @Test
    void answersOnlyGetAndHeadOnMetrics() throws Exception {
        try (MetricsServer server = startOnEphemeralPort(new GatewayMetrics())) {
            assertThat(get(server, "/", null).statusCode()).isEqualTo(404);
            assertThat(get(server, "/metricsx", null).statusCode()).isEqualTo(404);

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(server, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

            HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri(server, "/metrics"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void disabledSettingsStartNothing() throws Exception {
        assertThat(MetricsServer.startIfEnabled(new MetricsSettings(false, LOOPBACK, 0), new GatewayMetrics())).isEmpty();
    }

    @Test
    void enabledSettingsBindTheConfiguredAddress() throws Exception {
        var started = MetricsServer.startIfEnabled(new MetricsSettings(true, LOOPBACK, 0), new GatewayMetrics());
        assertThat(started).isPresent();
        try (MetricsServer server = started.get()) {
            assertThat(server.address().getAddress()).isEqualTo(LOOPBACK);
            assertThat(get(server, "/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> MetricsServer.start(new InetSocketAddress(LOOPBACK, port), new GatewayMetrics()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(LOOPBACK.getHostAddress() + ":" + port);
        }
    }
}
