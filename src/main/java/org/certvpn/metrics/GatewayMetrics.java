package org.certvpn.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Everything the gateway counts, behind an API without Micrometer types.
 *
 * <p>Counters are {@link LongAdder}s owned here and read by Micrometer only when scraped, so the data
 * path never touches the registry: {@link #traffic(Direction)} hands out a counter to keep in a field,
 * and {@link #drop(DropReason)} is an array index plus an add. Gauges (sessions by phase, pool usage)
 * pull from suppliers the gateway binds once its tables exist; until then they read 0.
 *
 * <p>Every labelled series (each handshake failure reason, each drop reason, each phase) is registered
 * up front, so it is exported as 0 before it first happens and {@code rate()} and alerts work from the
 * first scrape. The exported names are listed in docs/METRICS.md.
 */
public final class GatewayMetrics {
    static final String PREFIX = "certvpn.";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private final LongAdder handshakesStarted = new LongAdder();
    private final LongAdder handshakesSucceeded = new LongAdder();
    private final LongAdder[] handshakesFailed = adders(HandshakeFailure.values().length);
    private final LongAdder[] drops = adders(DropReason.values().length);
    private final LongAdder l2tpRetransmissions = new LongAdder();
    private final Map<Direction, TrafficCounter> traffic = new EnumMap<>(Direction.class);

    private volatile ToLongFunction<SessionPhase> sessions = phase -> 0;
    private volatile LongSupplier poolUsed = () -> 0;
    private volatile LongSupplier poolSize = () -> 0;

    /** A registry with the CertVPN metrics and a few JVM and process ones (memory, threads, CPU, uptime). */
    public GatewayMetrics() {
        String version = Objects.requireNonNullElse(GatewayMetrics.class.getPackage().getImplementationVersion(), "dev");
        Gauge.builder(PREFIX + "build.info", () -> 1)
                .description("Always 1; the version label says which build is running")
                .tag("version", version)
                .register(registry);

        for (SessionPhase phase : SessionPhase.values()) {
            Gauge.builder(PREFIX + "sessions", () -> sessions.applyAsLong(phase))
                    .description("Client sessions by phase, from the first IKE message to teardown")
                    .tag("state", phase.label())
                    .register(registry);
        }

        counter("handshakes.started", "Connection attempts begun (first IKE message of a new client)",
                handshakesStarted, Map.of());
        counter("handshakes.succeeded", "Connection attempts that reached a session with an address",
                handshakesSucceeded, Map.of());
        for (HandshakeFailure reason : HandshakeFailure.values()) {
            counter("handshakes.failed", "Connection attempts that failed, by reason",
                    handshakesFailed[reason.ordinal()], Map.of("reason", reason.label()));
        }

        for (Direction d : Direction.values()) {
            TrafficCounter c = new TrafficCounter();
            traffic.put(d, c);
            counter("packets", "Tunnelled IP packets; in = from clients, out = to clients",
                    c.packets, Map.of("direction", d.label()));
            counter("bytes", "Bytes of tunnelled IP packets; in = from clients, out = to clients",
                    c.bytes, Map.of("direction", d.label()));
        }

        for (DropReason reason : DropReason.values()) {
            counter("drops", "Data-path packets dropped, by reason", drops[reason.ordinal()],
                    Map.of("reason", reason.label()));
        }

        counter("l2tp.retransmissions", "L2TP control messages sent again for want of an acknowledgement",
                l2tpRetransmissions, Map.of());

        Gauge.builder(PREFIX + "pool.used", () -> poolUsed.getAsLong())
                .description("Client addresses in use")
                .register(registry);
        Gauge.builder(PREFIX + "pool.size", () -> poolSize.getAsLong())
                .description("Client addresses in the pool")
                .register(registry);

        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    private void counter(String name, String description, LongAdder adder, Map<String, String> tags) {
        FunctionCounter.Builder<LongAdder> b = FunctionCounter.builder(PREFIX + name, adder, LongAdder::sum)
                .description(description);
        tags.forEach(b::tag);
        b.register(registry);
    }

    /** A new client began a connection attempt. */
    public void handshakeStarted() {
        handshakesStarted.increment();
    }

    /** A connection attempt reached a session with an address. */
    public void handshakeSucceeded() {
        handshakesSucceeded.increment();
    }

    /** A connection attempt failed; each attempt is counted once, with its first decisive reason. */
    public void handshakeFailed(HandshakeFailure reason) {
        handshakesFailed[reason.ordinal()].increment();
    }

    /** The packet and byte counter of one direction; keep it in a field on the data path. */
    public TrafficCounter traffic(Direction direction) {
        return traffic.get(direction);
    }

    /** A data-path packet was dropped. */
    public void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    /** An L2TP control message was retransmitted. */
    public void l2tpRetransmission() {
        l2tpRetransmissions.increment();
    }

    /**
     * Where the sessions gauge reads from: the number of sessions currently in a phase. Called at every
     * scrape, once per phase, on the scraping thread; it must be thread-safe and cheap.
     */
    public void bindSessions(ToLongFunction<SessionPhase> countByPhase) {
        this.sessions = Objects.requireNonNull(countByPhase, "countByPhase");
    }

    /** Where the pool gauges read from; called at every scrape on the scraping thread. */
    public void bindPool(LongSupplier used, LongSupplier size) {
        this.poolUsed = Objects.requireNonNull(used, "used");
        this.poolSize = Objects.requireNonNull(size, "size");
    }

    public long handshakesStarted() {
        return handshakesStarted.sum();
    }

    public long handshakesSucceeded() {
        return handshakesSucceeded.sum();
    }

    public long handshakesFailed(HandshakeFailure reason) {
        return handshakesFailed[reason.ordinal()].sum();
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }

    public long l2tpRetransmissions() {
        return l2tpRetransmissions.sum();
    }

    /** The Prometheus text format (version 0.0.4) of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    /** The exposition for a negotiated content type: Prometheus text 0.0.4 or OpenMetrics 1.0. */
    String scrape(String contentType) {
        return registry.scrape(contentType);
    }
}
