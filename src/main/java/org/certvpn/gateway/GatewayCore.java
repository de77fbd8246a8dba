package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.EspSaPair;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.metrics.Direction;
import org.certvpn.metrics.GatewayMetrics;
import org.certvpn.metrics.HandshakeFailure;
import org.certvpn.metrics.SessionPhase;
import org.certvpn.metrics.TrafficCounter;
import org.certvpn.ike.SpiAllocator;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.esp.EspStatus;
import org.certvpn.esp.InboundSa;
import org.certvpn.esp.InboundSaTable;
import org.certvpn.esp.OutboundSa;
import org.certvpn.esp.TransportUdp;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.TunDevice;
import org.certvpn.ppp.NetworkParameters;
import org.certvpn.ppp.auth.AuthThrottle;
import org.certvpn.ppp.auth.BackoffThrottle;
import org.certvpn.ppp.auth.CredentialVerifier;
import org.certvpn.ppp.auth.DirectoryVerifier;
import org.certvpn.ppp.auth.LoginGate;
import org.certvpn.common.OncePerInterval;

/**
 * What every thread of the gateway shares: the plan, the sockets, the SA and peer tables, the router,
 * the address leases, counters and the trace. Methods say which thread may call them.
 */
final class GatewayCore {
    private static final System.Logger LOG = System.getLogger(GatewayCore.class.getName());

    private final GatewayPlan plan;
    private final GatewayMetrics metrics;
    private final TrafficCounter trafficIn;
    private final TrafficCounter trafficOut;
    private final LongSupplier clock;
    private final Clock wallClock;
    private final RandomGenerator random;
    private volatile CredentialVerifier verifier;
    private final AuthThrottle throttle;
    private final Router router;
    private final AddressLeases leases;
    private final InboundSaTable saTable = new InboundSaTable();
    private final ConcurrentHashMap<InboundSa, PeerContext> peerBySa = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, PeerContext> espPeers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, PeerContext> cleartextPeers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SessionContext, Boolean> sessions = new ConcurrentHashMap<>();
    /** Authenticated sessions by PPP user: the per-user limit looks here, not through every session. */
    private final ConcurrentHashMap<String, Set<SessionContext>> sessionsByUser = new ConcurrentHashMap<>();
    private final TunnelsByIdentity tunnelsByIdentity = new TunnelsByIdentity();
    /** The socket set of each local address IKE and ESP are served on. */
    private final ConcurrentHashMap<InetAddress, LocalSockets> locals = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Long> keying = new ConcurrentHashMap<>();
    private static final long KEYING_WINDOW_MILLIS = 5_000;
    private final ConcurrentHashMap<InetAddress, java.util.concurrent.atomic.AtomicInteger> sessionsBySource =
            new ConcurrentHashMap<>();
    private final GatewayCounters counters = new GatewayCounters();
    /** Refusals a flood can provoke are logged once per interval with a count (the metrics count each). */
    static final long REFUSAL_LOG_INTERVAL_MILLIS = 10_000;
    private final OncePerInterval sessionRefusals = new OncePerInterval(REFUSAL_LOG_INTERVAL_MILLIS);
    private final OncePerInterval throttledLogins = new OncePerInterval(REFUSAL_LOG_INTERVAL_MILLIS);
    private final TraceBook trace = new TraceBook(10_000);
    private final int tunAddress;
    private final int maxMss;

    private ShardProtocols[] shards;
    private DatagramEndpoint cleartext;
    private TunDevice tun;
    private volatile Runnable onL2tpShutdown = () -> {};

    GatewayCore(GatewayPlan plan, LongSupplier clock, Clock wallClock, RandomGenerator random, GatewayMetrics metrics) {
        this.plan = plan;
        this.metrics = metrics;
        this.trafficIn = metrics.traffic(Direction.IN);
        this.trafficOut = metrics.traffic(Direction.OUT);
        this.counters.metrics(metrics);

        this.clock = clock;
        this.wallClock = wallClock;
        this.random = random;
        this.verifier = new DirectoryVerifier(plan.users());
        this.throttle = throttle(plan.limits().loginThrottle());
        this.router = new Router(plan.pool());
        this.leases = new AddressLeases(plan.pool(), this::evict);
        this.tunAddress = Ipv4Addresses.toInt(plan.tun().address());
        // The tunnel MTU bounds what a client can send and receive in one packet: IPv4 and TCP headers off.
        this.maxMss = plan.tun().mtu() - 40;
        metrics.bindPool(leases::leased, () -> plan.pool().slots());
        metrics.bindSessions(this::sessionsIn);
    }

    void attach(ShardProtocols[] shards, DatagramEndpoint cleartext, TunDevice tun) {
        this.shards = shards;
        this.cleartext = cleartext;
        this.tun = tun;
    }

    // ---- local addresses (the thread that opens and closes sockets writes; any thread reads) ----

    void addLocal(LocalSockets sockets) {
        locals.put(sockets.address(), sockets);
    }

    /** Forgets the sockets of a local address (the caller closes them); returns them, or null. */
    LocalSockets removeLocal(InetAddress address) {
        return locals.remove(address);
    }

    /** The local addresses served now. */
    Set<InetAddress> localAddresses() {
        return Set.copyOf(locals.keySet());
    }

    /**
     * The socket set of a local address; an unspecified address (an engine that was not told its own) is
     * taken to mean the only one there is. Null when there is none.
     */
    LocalSockets local(InetAddress address) {
        if (address == null) {
            return null;
        }
        LocalSockets ls = locals.get(address);
        if (ls == null && address.isAnyLocalAddress() && locals.size() == 1) {
            for (LocalSockets only : locals.values()) {
                return only;
            }
        }
        return ls;
    }

    /** Data path: the sockets a peer's ESP leaves through, cached on the peer until they are closed. */
    private LocalSockets socketsOf(PeerContext peer) {
        LocalSockets ls = peer.sockets();
        if (ls == null || ls.closed()) {
            ls = local(peer.localAddress());
            if (ls == null) {
                return null;
            }
            peer.sockets(ls);
        }
        return ls;
    }

    /** The configured login throttle; at most 100,000 user names and sources are remembered (LRU). */
    static AuthThrottle throttle(org.certvpn.config.Limits.LoginThrottle t) {
        return new BackoffThrottle(t.freeFailures(), t.backoff().toMillis(), t.maxBackoff().toMillis(),
                t.lockoutAfter(), t.lockout().toMillis(), 100_000);
    }

    GatewayPlan plan() { return plan; }
    GatewayMetrics metrics() { return metrics; }
    TrafficCounter trafficOut() { return trafficOut; }
    RandomGenerator random() { return random; }
    Clock wallClock() { return wallClock; }
    long now() { return clock.getAsLong(); }
    CredentialVerifier verifier() { return verifier; }

    /** Swaps the user directory for new logins; sessions already up keep going. */
    void users(org.certvpn.ppp.auth.UserDirectory users) {
        this.verifier = new DirectoryVerifier(users);
    }
    AuthThrottle throttle() { return throttle; }
    AddressLeases leases() { return leases; }
    Router router() { return router; }
    InboundSaTable saTable() { return saTable; }
    GatewayCounters counters() { return counters; }
    TraceBook traceBook() { return trace; }
    TunDevice tun() { return tun; }
    TunnelsByIdentity tunnelsByIdentity() { return tunnelsByIdentity; }
    int maxMss() { return maxMss; }

    ShardProtocols shardFor(InetAddress address) {
        return shards[Math.floorMod(address.hashCode() * 0x9E3779B9, shards.length)];
    }

    ShardProtocols[] shards() {
        return shards;
    }

    // ---- peers (any thread reads; shard threads write) ----

    PeerContext peerBySa(InboundSa sa) {
        return peerBySa.get(sa);
    }

    /** The test-mode peer for a cleartext UDP/1701 sender, created on first contact. */
    PeerContext cleartextPeer(InetSocketAddress source) {
        PeerContext p = cleartextPeers.get(source);
        if (p != null) {
            return p;
        }
        return cleartextPeers.computeIfAbsent(new InetSocketAddress(source.getAddress(), source.getPort()),
                s -> new PeerContext(s, Transport.CLEARTEXT, shardFor(s.getAddress())));
    }

    /**
     * Forgets test-mode peers of this shard that have no session and sent nothing for {@code idleMillis}.
     * Not at tunnel-down time: the peer's acknowledgement of our StopCCN must still find its tunnel.
     */
    void sweepCleartextPeers(ShardProtocols shard, long now, long idleMillis) {
        cleartextPeers.values().removeIf(p -> p.home() == shard && p.sessions().length == 0
                && now - p.lastInboundMillis() > idleMillis);
    }

    // ---- IPsec peers (shard threads) ----

    /** The gateway-wide SPI allocator the IKE engines of all shards share: ESP finds SAs by SPI alone. */
    SpiAllocator spiAllocator() {
        return new SpiAllocator() {
            @Override
            public int reserve(RandomGenerator r) {
                return saTable.reserveSpi(r);
            }

            @Override
            public void release(int spi) {
                saTable.release(spi);
            }
        };
    }

    /** The ESP peers a shard owns, for periodic work such as reporting ESP activity to DPD. */
    List<PeerContext> espPeersOf(ShardProtocols shard) {
        List<PeerContext> mine = new ArrayList<>();
        for (PeerContext p : espPeers.values()) {
            if (p.home() == shard) {
                mine.add(p);
            }
        }
        return mine;
    }

    /** IKE installed a child SA: ESP may flow, and L2TP from inside it is accepted. */
    void installChildSa(ShardProtocols home, ChildSaInfo child, ChildSaKeys keys) {
        InetSocketAddress outer = outerOf(child);
        PeerContext peer = espPeers.computeIfAbsent(outer, o -> new PeerContext(o, Transport.ESP, home));
        peer.identity(Optional.of(child.identity()));
        // ESP to the peer leaves from the address it negotiated with (the newest child SA's, after a move).
        peer.localAddress(child.localAddress());
        EspSaPair pair = EspSaPair.create(keys, outer, random);
        if (!saTable.install(pair.inbound())) {
            trace(peer, "ESP SA " + String.format("%08x", child.inboundSpi()) + " could not be installed (SPI in use)");
            return;
        }
        peerBySa.put(pair.inbound(), peer);
        peer.addSa(pair);
        traceProgress(peer, "ESP SAs installed: in " + String.format("%08x", child.inboundSpi()) + ", out "
                + String.format("%08x", child.outboundSpi()) + ", " + keys.cipher() + "/" + keys.integrity()
                + (child.udpEncapsulated() ? ", UDP-encapsulated" : ", raw ESP")
                + child.peerTrafficAddress().map(a -> ", client inner address " + a.getHostAddress()).orElse(""));
    }

    /** IKE removed a child SA; returns its peer, or null when it was unknown. */
    PeerContext removeChildSa(ChildSaInfo child, String reason) {
        PeerContext peer = espPeers.get(outerOf(child));
        if (peer == null) {
            return null;
        }
        EspSaPair pair = peer.removeSa(child.inboundSpi());
        if (pair != null) {
            saTable.remove(pair.inbound());
            peerBySa.remove(pair.inbound());
            pair.destroy();
            trace(peer, "ESP SAs " + String.format("%08x", child.inboundSpi()) + " removed: " + reason);
        }
        return peer;
    }

    void forgetEspPeer(PeerContext peer) {
        peer.markClosed();
        espPeers.remove(peer.outer(), peer);
    }

    /** Raw ESP has no ports, so those peers are keyed by address with port 0. */
    private static InetSocketAddress outerOf(ChildSaInfo child) {
        return new InetSocketAddress(child.peer().address(), child.udpEncapsulated() ? child.peer().port() : 0);
    }

    /**
     * Remembers that this address spoke IKE just now, so that ESP arriving from it for a not-yet-known SPI
     * is worth a retry on its shard; ESP for unknown SPIs from anyone else is dropped at once.
     */
    void noteKeying(InetAddress peer, long now) {
        keying.put(peer, now);
        if (keying.size() > 100_000) {
            keying.values().removeIf(t -> now - t > KEYING_WINDOW_MILLIS);
        }
    }

    boolean keyingInProgress(InetAddress peer) {
        Long t = keying.get(peer);
        return t != null && now() - t <= KEYING_WINDOW_MILLIS;
    }

    /** How many sessions are in each phase, for the sessions gauge. */
    private long sessionsIn(SessionPhase phase) {
        return switch (phase) {
            case UP -> sessions.keySet().stream().filter(s -> s.dataPath() != null).count();
            case PPP -> sessions.keySet().stream().filter(s -> s.dataPath() == null && !s.pppDown()).count();
            case IPSEC -> espPeers.values().stream().filter(p -> p.sessions().length == 0).count();
            default -> 0;
        };
    }

    /** An IKE negotiation failed for good: counted by what an operator would look for. */
    void negotiationFailed(org.certvpn.ike.DropReason reason, String detail) {
        String d = detail.toLowerCase(java.util.Locale.ROOT);
        HandshakeFailure f = switch (reason) {
            case NO_PROPOSAL_CHOSEN -> HandshakeFailure.NO_PROPOSAL_CHOSEN;
            case HALF_OPEN_LIMIT, FRAGMENT_LIMIT -> HandshakeFailure.LIMIT;
            case MALFORMED, TOO_SHORT, DECRYPTION_FAILED, UNEXPECTED_MESSAGE -> HandshakeFailure.INVALID_MESSAGE;
            case AUTHENTICATION_FAILED, HASH_MISMATCH -> d.contains("revoked") ? HandshakeFailure.REVOKED
                    : d.contains("expired") || d.contains("not yet valid") ? HandshakeFailure.EXPIRED
                    : d.contains("ca") && (d.contains("unknown") || d.contains("trusted") || d.contains("issuer"))
                            ? HandshakeFailure.UNKNOWN_CA
                    : d.contains("id ") || d.contains("identity") || d.contains("pattern") ? HandshakeFailure.ID_MISMATCH
                    : HandshakeFailure.AUTH_FAILED;
            default -> HandshakeFailure.OTHER;
        };
        metrics.handshakeFailed(f);
    }

    /** An ESP packet was not accepted; counted by reason (the ESP context keeps its own per-thread counts). */
    void espDropped(EspStatus status) {
        metrics.drop(switch (status) {
            case REPLAY -> org.certvpn.metrics.DropReason.REPLAY;
            case BAD_ICV -> org.certvpn.metrics.DropReason.BAD_ICV;
            case NO_SA -> org.certvpn.metrics.DropReason.NO_SA;
            case PEER_MISMATCH -> org.certvpn.metrics.DropReason.WRONG_PEER;
            case MALFORMED, BAD_PADDING -> org.certvpn.metrics.DropReason.MALFORMED;
            default -> org.certvpn.metrics.DropReason.OTHER;
        });
    }

    // ---- sending (shard threads and the TUN loop, each with its own EspContext) ----

    /**
     * Sends an L2TP datagram {@code buf[off, off+len)} to the peer. There must be at least
     * {@code TransportUdp.HEADER_LENGTH + Esp.MAX_HEADROOM} bytes before {@code off} and
     * {@code Esp.MAX_TAILROOM} after the datagram.
     */
    void sendL2tp(EspContext esp, PeerContext peer, int innerPort, byte[] buf, int off, int len) {
        try {
            if (peer.transport() == Transport.CLEARTEXT) {
                if (!cleartext.send(buf, off, len, peer.outer())) {
                    counters.drop(DropReason.QUEUE_FULL);
                }
                return;
            }
            OutboundSa sa = peer.outbound();
            if (sa == null) {
                counters.drop(DropReason.NO_OUTBOUND_SA);
                return;
            }
            int udp = off - TransportUdp.HEADER_LENGTH;
            TransportUdp.writeHeader(buf, udp, ShardProtocols.L2TP_PORT, innerPort, len);
            EspStatus st = esp.seal(sa, buf, udp, len + TransportUdp.HEADER_LENGTH, org.certvpn.esp.Esp.NEXT_HEADER_UDP);
            if (st != EspStatus.OK) {
                counters.drop(DropReason.SEAL_FAILED);
                return;
            }
            LocalSockets local = socketsOf(peer);
            if (local == null) {
                counters.drop(DropReason.NO_LOCAL_ADDRESS);
                return;
            }
            DatagramEndpoint out = sa.udpEncapsulated() ? local.nattSender() : local.raw();
            if (out == null) {
                counters.drop(DropReason.NO_OUTBOUND_SA);
                return;
            }
            if (!out.send(buf, esp.packetOffset(), esp.packetLength(), sa.peer())) {
                counters.drop(DropReason.QUEUE_FULL);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "send to " + peer + " failed: " + e.getMessage());
        }
    }

    /**
     * Sends an IKE datagram from {@code localAddress} port 500 or 4500 (the non-ESP marker is added on 4500).
     * Dropped when that address is no longer served.
     */
    void sendIke(InetAddress localAddress, int localPort, InetSocketAddress remote, byte[] datagram) {
        LocalSockets local = local(localAddress);
        if (local == null || local.closed()) {
            counters.drop(DropReason.NO_LOCAL_ADDRESS);
            LOG.log(System.Logger.Level.WARNING, "IKE to " + remote + " dropped: no longer listening on "
                    + localAddress.getHostAddress());
            return;
        }
        try {
            if (localPort == 500) {
                local.ike().send(datagram, 0, datagram.length, remote);
            } else {
                byte[] buf = new byte[datagram.length + 4];
                System.arraycopy(datagram, 0, buf, 4, datagram.length);
                local.nattSender().send(buf, 0, buf.length, remote);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "IKE send to " + remote + " failed: " + e.getMessage());
        }
    }

    /** Writes an inbound IPv4 packet the PPP engine accepted (slow path) to the TUN device. */
    void writeTunChecked(SessionContext s, byte[] buf, int off, int len, long now) {
        if (plan.isolateClients() && len >= 20 && isClientAddress(Ipv4Addresses.read(buf, off + 16))) {
            counters.drop(DropReason.CLIENT_ISOLATION);
            return;
        }
        TcpMss.clamp(buf, off, len, maxMss);
        try {
            if (tun.write(buf, off, len)) {
                s.countIn(len, now);
                trafficIn.count(len);
            } else {
                counters.drop(DropReason.QUEUE_FULL);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "TUN write failed: " + e.getMessage());
        }
    }

    boolean isClientAddress(int address) {
        return address != tunAddress && router.lookup(address) != null;
    }

    // ---- sessions (shard threads) ----

    Optional<String> admitSession(PeerContext peer) {
        if (sessions.size() >= plan.limits().maxTunnels()) {
            return Optional.of("gateway limit of " + plan.limits().maxTunnels() + " sessions reached");
        }
        InetAddress source = peer.outer().getAddress();
        java.util.concurrent.atomic.AtomicInteger fromSource = sessionsBySource.get(source);
        if (fromSource != null && fromSource.get() >= plan.limits().maxTunnelsPerSource()) {
            return Optional.of("limit of " + plan.limits().maxTunnelsPerSource() + " sessions from "
                    + source.getHostAddress() + " reached");
        }
        return Optional.empty();
    }

    /** An L2TP session refused by {@link #admitSession}: traced once per interval, counted always. */
    void sessionRefused(PeerContext peer, String line) {
        metrics.handshakeFailed(HandshakeFailure.LIMIT);
        long silenced = sessionRefusals.check(now());
        if (silenced != OncePerInterval.SILENT) {
            trace(peer, line + sessionRefusals.suffix(silenced));
        }
    }

    void sessionAdded(SessionContext s) {
        sessions.put(s, Boolean.TRUE);
        sessionsBySource.computeIfAbsent(s.peer().outer().getAddress(), a -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet();
        counters.sessionsStarted.increment();
    }

    void sessionRemoved(SessionContext s, String why) {
        if (sessions.remove(s) != null) {
            sessionsBySource.computeIfPresent(s.peer().outer().getAddress(),
                    (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        s.user().ifPresent(u -> forgetUser(s, u));
        s.address().ifPresent(a -> router.unbind(Ipv4Addresses.toInt(a), s));
        if (why != null) {
            trace(s, "session closed: " + why);
        }
    }

    List<SessionContext> sessions() {
        return new ArrayList<>(sessions.keySet());
    }

    void networkUp(SessionContext s, NetworkParameters p) {
        int address = Ipv4Addresses.toInt(p.peerAddress());
        SessionContext previous = router.bind(address, s);
        if (previous != null && previous != s) {
            evict(previous, "its address was given to a newer session");
        }
        if (!s.firstNetworkUp()) {
            // IPCP negotiated again within the session: the handshake succeeded once, when it first came up.
            trace(s, "PPP network up again after an IPCP renegotiation: " + p.peerAddress().getHostAddress());
            return;
        }
        metrics.handshakeSucceeded();
        trace(s, "PPP up: user \"" + s.user().orElse("?") + "\" got " + p.peerAddress().getHostAddress()
                + (p.dns().isEmpty() ? "" : ", DNS " + p.dns().stream().map(InetAddress::getHostAddress).toList())
                + ", peer MRU " + p.peerMru());
    }

    void networkDown(SessionContext s) {
        s.address().ifPresent(a -> router.unbind(Ipv4Addresses.toInt(a), s));
    }

    /**
     * A user may hold at most {@code limits.maxTunnelsPerUser} sessions. A new login never waits for an old
     * one to time out (a phone that vanished still holds its session): the oldest beyond the limit is ended.
     */
    void userSessionLimit(SessionContext newest, String user) {
        sessionsByUser.compute(user, (u, set) -> {
            Set<SessionContext> mine = set != null ? set : ConcurrentHashMap.newKeySet();
            mine.add(newest);
            return mine;
        });
        if (!sessions.containsKey(newest)) {
            // Closed while it authenticated: sessionRemoved has run already and must not leave it indexed.
            forgetUser(newest, user);
            return;
        }
        int max = plan.limits().maxTunnelsPerUser();
        Set<SessionContext> same = sessionsByUser.getOrDefault(user, Set.of());
        if (same.size() <= max) {
            return;
        }
        List<SessionContext> mine = new ArrayList<>();
        for (SessionContext s : same) {
            if (s != newest && !s.kicked()) {
                mine.add(s);
            }
        }
        if (mine.size() + 1 <= max) {
            return;
        }
        mine.sort(java.util.Comparator.comparing(SessionContext::since));
        for (SessionContext old : mine.subList(0, mine.size() + 1 - max)) {
            trace(old, "ending the oldest session of \"" + user + "\": the limit is " + max + " sessions per user");
            evict(old, "session limit per user reached");
        }
    }

    private void forgetUser(SessionContext s, String user) {
        sessionsByUser.computeIfPresent(user, (u, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    void authenticationFailed(SessionContext s, String user, String reason) {
        counters.authFailures.increment();
        metrics.handshakeFailed(reason.contains("binding") ? HandshakeFailure.BINDING_VIOLATION : HandshakeFailure.PPP_AUTH_FAILED);
        if (LoginGate.throttled(reason)) {
            long silenced = throttledLogins.check(now());
            if (silenced == OncePerInterval.SILENT) {
                return;
            }
            reason += throttledLogins.suffix(silenced);
        }
        trace(s, "PPP authentication of \"" + user + "\" failed: " + reason);
    }

    /** Ends a session from any thread, on its own shard. */
    void evict(SessionContext s, String reason) {
        ShardProtocols home = s.peer().home();
        home.shard().execute(() -> home.kick(s, reason));
    }

    void l2tpShutdownComplete(ShardProtocols shard, int acknowledged, int timedOut) {
        onL2tpShutdown.run();
    }

    void onL2tpShutdown(Runnable r) {
        this.onL2tpShutdown = r;
    }

    // ---- trace ----

    /**
     * A line from an engine that names its connection itself (IKE: "ike#12 198.51.100.7:4500") and has
     * logged it already: kept for {@code certvpn trace}, not logged twice.
     */
    void trace(String connection, String line) {
        trace.remember(Instant.now(wallClock), connection, connection, line);
    }

    void trace(PeerContext peer, String line) {
        trace.add(Instant.now(wallClock), peer.label(), whoOf(peer, null), line);
    }

    void trace(SessionContext s, String line) {
        trace.add(Instant.now(wallClock), s.label(), whoOf(s.peer(), s), line);
    }

    /** A step kept for {@code certvpn trace} that a later milestone line sums up: logged at DEBUG only. */
    void traceProgress(PeerContext peer, String line) {
        trace.addProgress(Instant.now(wallClock), peer.label(), whoOf(peer, null), line);
    }

    void traceProgress(SessionContext s, String line) {
        trace.addProgress(Instant.now(wallClock), s.label(), whoOf(s.peer(), s), line);
    }

    /** A line kept for {@code certvpn trace} of this peer but not logged (one of many like it; a summary is). */
    void traceUnlogged(PeerContext peer, String line) {
        trace.remember(Instant.now(wallClock), peer.label(), whoOf(peer, null), line);
    }

    private static String whoOf(PeerContext peer, SessionContext s) {
        StringBuilder who = new StringBuilder(peer.outer().getAddress().getHostAddress());
        peer.identity().flatMap(i -> i.commonName()).ifPresent(cn -> who.append(' ').append(cn));
        if (s != null) {
            s.user().ifPresent(u -> who.append(' ').append(u));
            s.address().ifPresent(a -> who.append(' ').append(a.getHostAddress()));
        }
        return who.toString();
    }
}
