package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.certvpn.metrics.GatewayMetrics;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.TunDevice;

/**
 * The running gateway: opens sockets and the TUN device, starts the shards, receive loops and TUN loop,
 * and stops them cleanly. {@code docs/GATEWAY.md} describes the threads and tables.
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    private final GatewayPlan plan;
    private final GatewayIo io;
    private final GatewayCore core;
    private final List<Thread> loops = new ArrayList<>();
    private final List<DatagramEndpoint> endpoints = new ArrayList<>();
    private ShardProtocols[] shards;
    private TunDevice tun;
    private boolean started;
    private boolean closed;

    public Gateway(GatewayPlan plan, GatewayIo io, LongSupplier monotonicMillis, Clock wallClock, RandomGenerator random) {
        this(plan, io, monotonicMillis, wallClock, random, new GatewayMetrics());
    }

    public Gateway(GatewayPlan plan, GatewayIo io, LongSupplier monotonicMillis, Clock wallClock, RandomGenerator random,
            GatewayMetrics metrics) {
        this.plan = plan;
        this.io = io;
        this.core = new GatewayCore(plan, monotonicMillis, wallClock, random, metrics);
    }

    public GatewayMetrics metrics() {
        return core.metrics();
    }

    /** A gateway on the real clocks and a {@link java.security.SecureRandom}. */
    public static Gateway create(GatewayPlan plan, GatewayIo io) {
        return new Gateway(plan, io, () -> System.nanoTime() / 1_000_000L, Clock.systemUTC(),
                new java.security.SecureRandom());
    }

    /**
     * Opens everything and starts serving. On failure, whatever was opened is closed again and the
     * exception says which socket or device could not be had.
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            open();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        shards = new ShardProtocols[plan.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new ShardProtocols(core, new Shard(i, core::now));
        }
        tun = io.tun(plan.tun());
        List<DatagramEndpoint> natt = List.of();
        DatagramEndpoint ike = null;
        DatagramEndpoint raw = null;
        DatagramEndpoint cleartext = null;
        if (plan.ipsec()) {
            warnIfWildcardOnSeveralAddresses(plan.ikeAddress().getAddress());
            natt = io.udpGroup(new InetSocketAddress(plan.ikeAddress().getAddress(), plan.natTPort()), plan.shards());
            endpoints.addAll(natt);
            ike = io.udp(plan.ikeAddress());
            endpoints.add(ike);
            if (plan.rawEsp()) {
                raw = io.rawEsp(plan.ikeAddress().getAddress());
                endpoints.add(raw);
            }
        }
        if (plan.l2tpCleartext().isPresent()) {
            cleartext = io.udp(plan.l2tpCleartext().get());
            endpoints.add(cleartext);
            LOG.log(System.Logger.Level.WARNING, "cleartext L2TP test mode is ON: L2TP without IPsec is accepted on "
                    + plan.l2tpCleartext().get() + "; never use this in production");
        }
        core.attach(shards, natt, ike, raw, cleartext, tun);
        for (ShardProtocols s : shards) {
            s.shard().start();
            s.shard().execute(s::startHousekeeping);
        }
        ReceiveLoop.IkeInput ikeInput = (port, source, datagram) -> {
            ShardProtocols home = core.shardFor(source.getAddress());
            home.shard().execute(() -> home.ikeReceived(port, source, datagram));
        };
        for (DatagramEndpoint e : natt) {
            startLoop("udp4500", new ReceiveLoop(core, e, ReceiveLoop.Kind.NAT_T, ikeInput));
        }
        if (ike != null) {
            startLoop("udp500", new ReceiveLoop(core, ike, ReceiveLoop.Kind.IKE, ikeInput));
        }
        if (raw != null) {
            startLoop("esp", new ReceiveLoop(core, raw, ReceiveLoop.Kind.RAW_ESP, ikeInput));
        }
        if (cleartext != null) {
            startLoop("l2tp-cleartext", new ReceiveLoop(core, cleartext, ReceiveLoop.Kind.CLEARTEXT_L2TP, ikeInput));
        }
        startLoop("tun", new TunLoop(core, tun));
    }

    /**
     * Sockets bound to the wildcard answer from the address the kernel routes with, which on a host with
     * several addresses need not be the one a client sent to; such a client ignores or misroutes the answer.
     */
    private static void warnIfWildcardOnSeveralAddresses(java.net.InetAddress listen) {
        if (!listen.isAnyLocalAddress()) {
            return;
        }
        List<String> addresses = org.certvpn.net.HostAddresses.ipv4();
        if (addresses.size() > 1) {
            LOG.log(System.Logger.Level.WARNING, "IKE listens on " + listen.getHostAddress() + " on a host with several "
                    + "addresses (" + String.join(", ", addresses) + "): answers leave from the address the kernel "
                    + "routes with, and a client that sent to another one drops them. Set [ike] listen to the "
                    + "address clients connect to.");
        }
    }

    private void startLoop(String name, Runnable loop) {
        loops.add(Thread.ofPlatform().name(name).daemon().start(loop));
    }

    /** Sessions now, for {@code status}. */
    public List<SessionView> sessions() {
        long now = core.now();
        return core.sessions().stream().map(s -> SessionView.of(s, now)).toList();
    }

    /**
     * Ends, cleanly, every session whose PPP user or tunnel address is {@code who}; returns how many.
     */
    public int kick(String who, String reason) {
        int n = 0;
        for (SessionContext s : core.sessions()) {
            boolean match = s.user().map(who::equals).orElse(false)
                    || s.address().map(a -> a.getHostAddress().equals(who)).orElse(false);
            if (match) {
                core.evict(s, reason);
                n++;
            }
        }
        return n;
    }

    /**
     * Applies what a reload may change while sessions run: the users (passwords, static addresses) for
     * new logins. Returns what differs but needs a restart to apply.
     */
    public List<String> reload(GatewayPlan next) {
        core.users(next.users());
        List<String> needsRestart = new ArrayList<>();
        if (next.ike().isPresent() && plan.ike().isPresent()) {
            // New CAs, CRLs, PSKs and remote IDs apply to the next negotiation on every shard.
            for (ShardProtocols s : shards) {
                s.shard().execute(() -> s.updatePeerAuthentication(next.ike().get()));
            }
            if (next.disconnectRevoked()) {
                for (SessionContext s : core.sessions()) {
                    s.peer().identity().flatMap(i -> i.serial()).filter(serial -> revoked(next, serial))
                            .ifPresent(serial -> {
                                core.trace(s, "certificate serial " + serial.toString(16) + " is revoked by the reloaded CRL: "
                                        + "ending the session");
                                core.evict(s, "certificate revoked");
                            });
                }
            }
        } else if (next.ike().isPresent() != plan.ike().isPresent()) {
            needsRestart.add("IPsec connections");
        }
        if (!next.l2tp().equals(plan.l2tp())) {
            needsRestart.add("L2TP settings");
        }
        if (!next.ppp().equals(plan.ppp())) {
            needsRestart.add("PPP settings");
        }
        if (!next.tun().equals(plan.tun())) {
            needsRestart.add("TUN device");
        }
        if (!next.pool().range().equals(plan.pool().range())) {
            needsRestart.add("address pool");
        }
        if (!next.ikeAddress().equals(plan.ikeAddress()) || !next.l2tpCleartext().equals(plan.l2tpCleartext())) {
            needsRestart.add("listening addresses");
        }
        return needsRestart;
    }

    private static boolean revoked(GatewayPlan plan, java.math.BigInteger serial) {
        return plan.ike().orElseThrow().trust().crls().stream().anyMatch(crl -> crl.getRevokedCertificate(serial) != null);
    }

    GatewayCore core() {
        return core;
    }

    /**
     * Tells every client goodbye (LCP Terminate, CDN, StopCCN) and waits up to {@code grace} for the
     * acknowledgements, then closes everything. Idempotent.
     */
    public void shutdown(Duration grace) {
        synchronized (this) {
            if (closed || shards == null) {
                close();
                return;
            }
        }
        CountDownLatch done = new CountDownLatch(shards.length);
        AtomicInteger pending = new AtomicInteger(shards.length);
        core.onL2tpShutdown(() -> {
            pending.decrementAndGet();
            done.countDown();
        });
        for (ShardProtocols s : shards) {
            s.shard().execute(s::shutdown);
        }
        try {
            if (!done.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "shutdown: " + pending.get() + " shard(s) still waiting for peers; closing");
            }
            // L2TP said goodbye inside the SAs; now the SAs themselves (IKE DELETE).
            CountDownLatch deleted = new CountDownLatch(shards.length);
            for (ShardProtocols s : shards) {
                s.shard().execute(() -> {
                    s.deleteAllIpsec("gateway shutting down");
                    deleted.countDown();
                });
            }
            deleted.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shards != null) {
            for (ShardProtocols s : shards) {
                s.shard().stop();
            }
        }
        endpoints.forEach(DatagramEndpoint::close);
        if (tun != null) {
            tun.close();
        }
        for (Thread t : loops) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
