package org.certvpn.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Drives many {@link LoadClient}s on a few {@link ClientLane}s and measures what the gateway does with
 * them. Every wait is bounded in time; nothing loops forever.
 *
 * <pre>{@code
 * try (LoadGenerator g = LoadGenerator.onSockets(settings, 2, 1)) {
 *     ConnectReport c = g.connect(1000, 500.0, Duration.ofSeconds(60));
 *     ThroughputReport up = g.upstream(sink, 1400, 0, Duration.ofSeconds(5), 2);
 *     ThroughputReport down = g.downstream(sink, 1400, 0, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable, ClientLane.Events {
    private final LoadSettings settings;
    private final List<ClientLane> lanes = new ArrayList<>();
    private final List<LoadClient> all = new ArrayList<>();
    private final ConcurrentLinkedQueue<LoadClient> upQueue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<LoadClient> failedQueue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<LoadClient> lostQueue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger done = new AtomicInteger();
    private final Map<LoadClient, long[]> answers = new ConcurrentHashMap<>();
    private volatile CountDownLatch answer;
    private boolean closed;

    /**
     * @param transports one transport per lane (each owned by its lane from then on)
     * @param seed seeds the clients' randomness (nonces, SPIs, DH exponents): runs are repeatable in tests
     */
    public LoadGenerator(LoadSettings settings, int lanes, Supplier<LaneTransportFactory> transports, long seed) {
        this.settings = settings;
        for (int i = 0; i < lanes; i++) {
            ClientLane lane = new ClientLane(i, transports.get().create(), settings, this, seed + 7919L * i);
            this.lanes.add(lane);
            lane.start();
        }
    }

    /** Something that makes a lane's transport; opaque outside this package. */
    @FunctionalInterface
    public interface LaneTransportFactory {
        LaneTransport create();
    }

    /** A generator on the kernel's UDP sockets, {@code lanes} threads. */
    public static LoadGenerator onSockets(LoadSettings settings, int lanes, long seed) {
        return new LoadGenerator(settings, lanes, () -> () -> {
            try {
                return new SelectorTransport();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, seed);
    }

    /** A generator on the given endpoint transport (tests: the in-memory network), one lane. */
    public static LoadGenerator on(EndpointTransport transport, LoadSettings settings, long seed) {
        return new LoadGenerator(settings, 1, () -> () -> transport, seed);
    }

    // ---- events from the lanes ----

    @Override
    public void up(LoadClient client) {
        upQueue.add(client);
        done.incrementAndGet();
    }

    @Override
    public void failed(LoadClient client) {
        if (client.upNanos == 0) {
            failedQueue.add(client);
            done.incrementAndGet();
        } else {
            lostQueue.add(client);
        }
    }

    @Override
    public void sinkAnswer(LoadClient client, byte kind, long a, long b) {
        answers.put(client, new long[] {kind, a, b});
        CountDownLatch l = answer;
        if (l != null) {
            l.countDown();
        }
    }

    // ---- scenarios ----

    /**
     * Starts {@code count} more clients at {@code ratePerSecond} (spread over the lanes) and waits until
     * each is up or has failed, or {@code maxWait} has passed.
     */
    public ConnectReport connect(int count, double ratePerSecond, Duration maxWait) throws InterruptedException {
        int first = all.size();
        int sources = settings.sources().size();
        long start = System.nanoTime() / 1_000_000L + 20;
        done.set(0);
        upQueue.clear();
        failedQueue.clear();
        List<List<LoadClient>> perLane = new ArrayList<>();
        lanes.forEach(l -> perLane.add(new ArrayList<>()));
        long[] at = new long[count];
        for (int i = 0; i < count; i++) {
            int n = first + i;
            ClientLane lane = lanes.get(n % lanes.size());
            LoadClient c = new LoadClient(n, settings.sources().get(n % sources), lane, settings);
            all.add(c);
            perLane.get(n % lanes.size()).add(c);
            at[i] = start + (ratePerSecond <= 0 ? 0 : (long) (i * 1000.0 / ratePerSecond));
        }
        for (int k = 0; k < lanes.size(); k++) {
            ClientLane lane = lanes.get(k);
            List<LoadClient> mine = perLane.get(k);
            lane.execute(() -> {
                for (LoadClient c : mine) {
                    lane.schedule(c, at[c.number - first]);
                }
            });
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (done.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long end = System.nanoTime();
        List<LoadClient> ups = new ArrayList<>(upQueue);
        long[] ipsec = new long[ups.size()];
        long[] full = new long[ups.size()];
        long firstStart = Long.MAX_VALUE;
        long lastDone = 0;
        for (int i = 0; i < ups.size(); i++) {
            LoadClient c = ups.get(i);
            ipsec[i] = (c.ipsecUpNanos - c.startNanos) / 1000;
            full[i] = (c.upNanos - c.startNanos) / 1000;
            firstStart = Math.min(firstStart, c.startNanos);
            lastDone = Math.max(lastDone, c.upNanos);
        }
        Arrays.sort(ipsec);
        Arrays.sort(full);
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (LoadClient c : failedQueue) {
            reasons.merge(shorten(c.failure()), 1, Integer::sum);
        }
        int failed = failedQueue.size();
        int stillPending = count - ups.size() - failed;
        if (stillPending > 0) {
            reasons.merge("still connecting when the wait ended", stillPending, Integer::sum);
            failed += stillPending;
            lastDone = end;
        }
        long elapsed = firstStart == Long.MAX_VALUE ? 0 : (lastDone - firstStart) / 1_000_000L;
        return new ConnectReport(count, ups.size(), failed, top(reasons, 8), elapsed, ipsec, full);
    }

    private static String shorten(String s) {
        if (s == null) {
            return "unknown";
        }
        // Numbers (SPIs, counts) would make every reason unique.
        return s.replaceAll("[0-9a-f]{8}", "N").replaceAll("\\d+", "N");
    }

    private static Map<String, Integer> top(Map<String, Integer> m, int n) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Every client started so far (their engines belong to their lanes' threads). */
    List<LoadClient> clients() {
        return List.copyOf(all);
    }

    /** The clients that are up now. */
    public int upCount() {
        int n = 0;
        for (LoadClient c : List.copyOf(all)) {
            if (c.state() == LoadClient.State.UP) {
                n++;
            }
        }
        return n;
    }

    /** NAT-T keepalives the clients have sent so far. */
    public long natKeepalivesSent() {
        return lanes.stream().mapToLong(ClientLane::natKeepalivesSent).sum();
    }

    /**
     * Tunnels that were up and went down since (the gateway or a timer ended them; a clean
     * {@link #close()} does not count): their number, and the most frequent reasons.
     */
    public LostTunnels lost() {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        int n = 0;
        for (LoadClient c : lostQueue) {
            reasons.merge(shorten(c.failure()), 1, Integer::sum);
            n++;
        }
        return new LostTunnels(n, top(reasons, 8));
    }

    /** Tunnels lost after they were up: how many, and why (most frequent reasons first). */
    public record LostTunnels(int count, Map<String, Integer> reasons) {
        public LostTunnels {
            reasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
        }

        /** The reasons as a JSON object. */
        public String reasonsJson() {
            return Json.object(reasons);
        }
    }

    private List<LoadClient> upClients(int max) {
        List<LoadClient> out = new ArrayList<>();
        for (LoadClient c : List.copyOf(all)) {
            if (c.state() == LoadClient.State.UP && out.size() < max) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Asks the sink, through {@code via}'s tunnel, for its counters (which it then resets): {packets,
     * bytes}, or null without an answer within {@code wait} (three tries).
     */
    long[] sinkStats(LoadClient via, InetSocketAddress sink, Duration wait) throws InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            long[] a = request(via, sink, SinkProtocol.STATS, 0, 0, 0, wait);
            if (a != null && a[0] == SinkProtocol.STATS) {
                return new long[] {a[1], a[2]};
            }
        }
        return null;
    }

    private long[] request(LoadClient via, InetSocketAddress sink, byte kind, int size, int millis, int rate,
            Duration wait) throws InterruptedException {
        answers.remove(via);
        answer = new CountDownLatch(1);
        ClientLane lane = laneOf(via);
        lane.execute(() -> lane.sendSinkRequest(via, sink, kind, size, millis, rate));
        answer.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        return answers.remove(via);
    }

    private ClientLane laneOf(LoadClient c) {
        return lanes.get(c.number % lanes.size());
    }

    /**
     * Clients to the sink: {@code flows} tunnels send {@code size}-byte IPv4 packets at {@code ratePerSecond}
     * in total (0: as fast as the generator can) for {@code duration}; the sink counts what arrived.
     */
    public ThroughputReport upstream(InetSocketAddress sink, int size, double ratePerSecond, Duration duration,
            int flows) throws InterruptedException {
        List<LoadClient> senders = upClients(flows);
        if (senders.isEmpty()) {
            throw new IllegalStateException("no tunnel is up");
        }
        if (sinkStats(senders.getFirst(), sink, Duration.ofSeconds(1)) == null) {
            throw new IllegalStateException("the sink at " + sink + " does not answer through the tunnel");
        }
        List<ClientLane> used = new ArrayList<>();
        for (ClientLane lane : lanes) {
            List<LoadClient> mine = senders.stream().filter(c -> laneOf(c) == lane).toList();
            if (!mine.isEmpty()) {
                used.add(lane);
            }
        }
        double perLane = ratePerSecond / used.size();
        for (ClientLane lane : used) {
            List<LoadClient> mine = senders.stream().filter(c -> laneOf(c) == lane).toList();
            lane.execute(() -> lane.startBlast(mine, sink, size, perLane, duration.toMillis()));
        }
        Thread.sleep(duration.toMillis() + 100);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (used.stream().anyMatch(ClientLane::blasting) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(500); // what is still queued in the gateway
        long sent = used.stream().mapToLong(ClientLane::blastSent).sum();
        long[] stats = sinkStats(senders.getFirst(), sink, Duration.ofSeconds(1));
        long received = stats == null ? 0 : stats[0];
        return new ThroughputReport("up", size, senders.size(), sent, received, duration.toMillis());
    }

    /**
     * The sink to one client: it sends {@code size}-byte packets at {@code ratePerSecond} (0: as fast as it
     * can) for {@code duration}; the client counts what arrived.
     */
    public ThroughputReport downstream(InetSocketAddress sink, int size, double ratePerSecond, Duration duration)
            throws InterruptedException {
        List<LoadClient> one = upClients(1);
        if (one.isEmpty()) {
            throw new IllegalStateException("no tunnel is up");
        }
        LoadClient c = one.getFirst();
        ClientLane lane = laneOf(c);
        long before = lane.receivedData();
        long[] f = request(c, sink, SinkProtocol.BLAST, size, (int) duration.toMillis(), (int) ratePerSecond,
                duration.plusSeconds(5));
        Thread.sleep(300);
        long received = lane.receivedData() - before;
        long sent = f == null || f[0] != SinkProtocol.FINISHED ? -1 : f[1];
        return new ThroughputReport("down", size, 1, Math.max(sent, 0), received, duration.toMillis());
    }

    /**
     * Every client says goodbye (IKE DELETE, L2TP StopCCN, as far as it got), then the lanes stop. Waits
     * at most about a second.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ClientLane lane : lanes) {
            lane.execute(lane::closeAll);
        }
        try {
            Thread.sleep(300);
            for (ClientLane lane : lanes) {
                lane.stop();
            }
            for (ClientLane lane : lanes) {
                lane.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
