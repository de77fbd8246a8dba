package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetAddress;
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
    /**
     * How often a wildcard listener looks at the host's addresses again, so that an address DHCP adds or
     * takes away is served or let go without a restart (a reload looks at once).
     */
    static final Duration ADDRESS_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final List<Thread> loops = new ArrayList<>();
    private final List<DatagramEndpoint> endpoints = new ArrayList<>();
    private ShardProtocols[] shards;
    private ReceiveLoop.IkeInput ikeInput;
    private Thread addressWatch;
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
        DatagramEndpoint cleartext = null;
        if (plan.l2tpCleartext().isPresent()) {
            cleartext = io.udp(plan.l2tpCleartext().get());
            endpoints.add(cleartext);
            LOG.log(System.Logger.Level.WARNING, "cleartext L2TP test mode is ON: L2TP without IPsec is accepted on "
                    + plan.l2tpCleartext().get() + "; never use this in production");
        }
        core.attach(shards, cleartext, tun);
        for (ShardProtocols s : shards) {
            s.shard().start();
            s.shard().execute(s::startHousekeeping);
        }
        ikeInput = (local, port, source, datagram) -> {
            ShardProtocols home = core.shardFor(source.getAddress());
            home.shard().execute(() -> home.ikeReceived(local, port, source, datagram));
        };
        if (plan.ipsec()) {
            InetAddress listen = plan.ikeAddress().getAddress();
            if (listen.isAnyLocalAddress()) {
                List<InetAddress> addresses = hostAddresses();
                if (addresses.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "IKE listens on " + listen.getHostAddress() + " but the host "
                            + "has no IPv4 address yet: serving each one as it appears (checked every "
                            + ADDRESS_CHECK_INTERVAL.toSeconds() + " s and on reload)");
                }
                for (InetAddress a : addresses) {
                    serve(a);
                }
                // A platform thread: it lists interfaces in the namespace of the thread that started the gateway.
                addressWatch = Thread.ofPlatform().daemon().name("listen-addresses").start(this::watchAddresses);
            } else {
                serve(listen);
            }
        }
        if (cleartext != null) {
            startLoop("l2tp-cleartext", new ReceiveLoop(core, cleartext, ReceiveLoop.Kind.CLEARTEXT_L2TP, ikeInput));
        }
        startLoop("tun", new TunLoop(core, tun));
    }

    /**
     * Opens UDP/500, the UDP/4500 group and (when on) raw ESP on one local address and starts their receive
     * loops. A socket bound to the wildcard would answer from whichever address the kernel routes with, not
     * necessarily the one the client sent to, so a wildcard listen address is served as one such set per
     * host address (as pluto does); each loop hands IKE on with the address it is bound to.
     */
    private void serve(InetAddress address) throws IOException {
        List<DatagramEndpoint> opened = new ArrayList<>();
        LocalSockets local;
        try {
            List<DatagramEndpoint> natt = io.udpGroup(new InetSocketAddress(address, plan.natTPort()), plan.shards());
            opened.addAll(natt);
            DatagramEndpoint ike = io.udp(new InetSocketAddress(address, plan.ikeAddress().getPort()));
            opened.add(ike);
            DatagramEndpoint raw = null;
            if (plan.rawEsp()) {
                raw = io.rawEsp(address);
                opened.add(raw);
            }
            local = new LocalSockets(address, ike, natt, raw);
        } catch (IOException | RuntimeException e) {
            opened.forEach(DatagramEndpoint::close);
            throw e;
        }
        core.addLocal(local);
        String at = " " + address.getHostAddress();
        for (DatagramEndpoint e : local.natt()) {
            startLoop("udp4500" + at, new ReceiveLoop(core, e, ReceiveLoop.Kind.NAT_T, ikeInput));
        }
        startLoop("udp500" + at, new ReceiveLoop(core, local.ike(), ReceiveLoop.Kind.IKE, ikeInput));
        if (local.raw() != null) {
            startLoop("esp" + at, new ReceiveLoop(core, local.raw(), ReceiveLoop.Kind.RAW_ESP, ikeInput));
        }
    }

    /** The local addresses served now: the listen address, or each host address a wildcard stands for. */
    public java.util.Set<InetAddress> listenAddresses() {
        return core.localAddresses();
    }

    /**
     * A wildcard listener follows the host's addresses: a new one is served, one that went away has its
     * sockets closed (its peers' SAs stay until DPD or their lifetime ends them; they come back to life if
     * the address returns). Runs at start, every {@link #ADDRESS_CHECK_INTERVAL} and on reload; does nothing
     * for a specific listen address. Returns the addresses served afterwards.
     */
    public synchronized java.util.Set<InetAddress> refreshListenAddresses() {
        if (closed || shards == null || !plan.ipsec() || !plan.ikeAddress().getAddress().isAnyLocalAddress()) {
            return core.localAddresses();
        }
        List<InetAddress> now = hostAddresses();
        for (InetAddress gone : core.localAddresses()) {
            if (!now.contains(gone)) {
                LocalSockets local = core.removeLocal(gone);
                if (local != null) {
                    local.close();
                    LOG.log(System.Logger.Level.INFO, "address " + gone.getHostAddress() + " is gone: no longer listening on it");
                }
            }
        }
        java.util.Set<InetAddress> served = core.localAddresses();
        for (InetAddress a : now) {
            if (!served.contains(a)) {
                try {
                    serve(a);
                    LOG.log(System.Logger.Level.INFO, "new address " + a.getHostAddress() + ": listening on it");
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "new address " + a.getHostAddress() + " could not be served ("
                            + e.getMessage() + "); trying again on the next check");
                }
            }
        }
        loops.removeIf(t -> !t.isAlive());
        return core.localAddresses();
    }

    /** The host's addresses a wildcard stands for, without our own TUN device's (clients never send IKE there). */
    private List<InetAddress> hostAddresses() {
        return io.hostAddresses().stream().filter(a -> !a.equals(plan.tun().address())).toList();
    }

    private void watchAddresses() {
        while (true) {
            try {
                Thread.sleep(ADDRESS_CHECK_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            refreshListenAddresses();
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
        refreshListenAddresses();
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
        if (addressWatch != null) {
            addressWatch.interrupt();
        }
        for (InetAddress a : core.localAddresses()) {
            LocalSockets local = core.removeLocal(a);
            if (local != null) {
                local.close();
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
