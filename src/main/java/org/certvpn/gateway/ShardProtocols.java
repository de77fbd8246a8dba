package org.certvpn.gateway;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certvpn.esp.Esp;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.TransportUdp;
import org.certvpn.crypto.DhKeySource;
import org.certvpn.esp.EspSaPair;
import org.certvpn.esp.EspStatus;
import org.certvpn.identity.PeerIdentity;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.IkeSaInfo;
import org.certvpn.ike.v1.Ikev1Engine;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.l2tp.L2tpListener;
import org.certvpn.l2tp.L2tpLns;
import org.certvpn.l2tp.L2tpSession;
import org.certvpn.l2tp.TunnelInfo;
import org.certvpn.ppp.LinkDownReason;
import org.certvpn.ppp.NetworkParameters;
import org.certvpn.ppp.PppServices;
import org.certvpn.ppp.PppSession;
import org.certvpn.ppp.PppSettings;
import org.certvpn.ppp.auth.BindingPolicy;

/**
 * The protocol engines of one shard and the glue between them: the L2TP LNS, the PPP sessions it carries
 * and (through {@link GatewayCore}) the sockets. Every method runs on the shard's thread.
 */
final class ShardProtocols implements L2tpListener {
    static final int L2TP_PORT = 1701;
    /** Room in front of an L2TP control message for the inner UDP header and ESP. */
    private static final int HEADROOM = TransportUdp.HEADER_LENGTH + Esp.MAX_HEADROOM + 16;

    private final GatewayCore core;
    private final Shard shard;
    private final L2tpLns lns;
    private final Ikev1Engine ike;
    private final Timed ikeTimers;
    private final EspContext esp = new EspContext();
    private InboundPath inbound;
    private final Map<L2tpSession, SessionContext> sessions = new IdentityHashMap<>();
    /** Established tunnels per peer, to close them when the peer's IPsec goes away. */
    private final Map<PeerContext, List<TunnelInfo>> tunnels = new IdentityHashMap<>();
    /** The identity each of our established tunnels is filed under in {@link TunnelsByIdentity}. */
    private final Map<TunnelsByIdentity.Tunnel, String> filedIdentity = new HashMap<>();
    private final Timed lnsTimers;
    private final Timed housekeeping = new Timed() {
        private long next;

        @Override
        public long nextDeadline() {
            return next;
        }

        @Override
        public void onTimer(long nowMillis) {
            core.sweepCleartextPeers(ShardProtocols.this, nowMillis, HOUSEKEEPING_MILLIS * 12);
            reportRetransmissions();
            next = nowMillis + HOUSEKEEPING_MILLIS;
        }
    };
    private static final long HOUSEKEEPING_MILLIS = 5_000;

    ShardProtocols(GatewayCore core, Shard shard) {
        this.core = core;
        this.shard = shard;
        // Each shard's engine may hold the whole gateway-wide number of tunnels: peers are sharded by outer
        // address, so all clients behind one NAT meet on one shard. The sessions are counted gateway-wide
        // (GatewayCore.admitSession), so the configured total holds exactly; a tunnel without a session
        // is bounded per peer and by the setup timeout.
        this.lns = new L2tpLns(core.plan().l2tp(), core.random(), this, new L2tpLns.Limits(
                core.plan().limits().maxTunnels(),
                L2tpLns.Limits.DEFAULT.tunnelsPerPeer(), L2tpLns.Limits.DEFAULT.sessionsPerTunnel()));
        this.ike = core.plan().ike().map(settings -> new Ikev1Engine(settings, new IkeEvents(), core.random(),
                DhKeySource.from(core.random()), core.wallClock(), core.spiAllocator())).orElse(null);
        this.ikeTimers = new Timed() {
            @Override
            public long nextDeadline() {
                return ike == null ? Long.MAX_VALUE : ike.nextDeadline();
            }

            @Override
            public void onTimer(long nowMillis) {
                ike.onTimer(nowMillis);
            }
        };
        this.lnsTimers = new Timed() {
            @Override
            public long nextDeadline() {
                return lns.nextDeadline();
            }

            @Override
            public void onTimer(long nowMillis) {
                lns.onTimer(nowMillis);
            }
        };
    }

    Shard shard() {
        return shard;
    }

    /** Starts the shard's periodic housekeeping; call on the shard thread. */
    void startHousekeeping() {
        shard.reschedule(housekeeping);
    }

    L2tpLns lns() {
        return lns;
    }

    boolean lengthBit() {
        return core.plan().l2tp().lengthBit();
    }

    // ---- input from the data path (already on this shard) ----

    /** An ESP packet that arrived before its SA was installed, retried once after the shard's IKE work. */
    void espRetry(byte[] packet, InetSocketAddress source) {
        if (inbound == null) {
            inbound = new InboundPath(core);
        }
        EspStatus st = inbound.esp(packet, 0, packet.length, source);
        if (st != EspStatus.OK) {
            core.espDropped(st);
        }
    }

    /**
     * An IKE datagram (non-ESP marker already stripped on 4500) sent to our {@code localAddress}: the engine
     * answers from it and computes NAT-D with it.
     */
    void ikeReceived(java.net.InetAddress localAddress, int localPort, InetSocketAddress source, byte[] datagram) {
        if (ike == null) {
            return;
        }
        core.noteKeying(source.getAddress(), shard.now());
        ike.receive(shard.now(), localAddress, localPort, source.getAddress(), source.getPort(), datagram);
        shard.reschedule(ikeTimers);
    }

    private long retransmissionsReported;

    private void reportRetransmissions() {
        long total = lns.retransmissions();
        for (long i = retransmissionsReported; i < total; i++) {
            core.metrics().l2tpRetransmission();
        }
        retransmissionsReported = total;
    }

    /** An L2TP message the fast path did not handle: control, or data with sequence numbers. */
    void l2tpReceived(PeerContext peer, int innerPort, byte[] message) {
        if (peer.closed()) {
            return;
        }
        lns.receive(new L2tpPeerKey(peer, innerPort), message, 0, message.length, shard.now());
        shard.reschedule(lnsTimers);
    }

    /** A PPP frame that is not an IPv4 packet of an open network phase: LCP, auth, IPCP, or anything odd. */
    void pppReceived(SessionContext s, byte[] frame) {
        if (s.ppp() == null || s.pppDown()) {
            return;
        }
        s.notePppFrameFromFastPath(shard.now());
        s.ppp().receiveFrame(frame, 0, frame.length, shard.now());
        shard.reschedule(s);
        shard.reschedule(lnsTimers);
    }

    /** Outbound IPv4 for a session whose data messages carry sequence numbers: the engine must number them. */
    void sequencedIpv4(SessionContext s, byte[] buf, int ipOff, int ipLen) {
        if (s.pppDown() || s.l2tpDown()) {
            return;
        }
        int frame = s.ppp().encapsulateIpv4(buf, ipOff, ipLen);
        if (frame < 0) {
            return;
        }
        int start = s.l2tp().encapsulate(buf, frame, ipOff + ipLen - frame);
        sendL2tp(s.peer(), s.innerPort(), buf, start, ipOff + ipLen - start);
        s.countOut(ipLen);
    }

    // ---- sending ----

    /**
     * Sends an L2TP datagram at {@code buf[off, off+len)} (with headroom before and tailroom after) to the
     * peer: inside ESP, or as plain UDP/1701 in test mode.
     */
    void sendL2tp(PeerContext peer, int innerPort, byte[] buf, int off, int len) {
        core.sendL2tp(esp, peer, innerPort, buf, off, len);
    }

    void writeTun(SessionContext s, byte[] buf, int off, int len) {
        core.writeTunChecked(s, buf, off, len, shard.now());
    }

    // ---- L2tpListener ----

    @Override
    public void sendControl(Object peerKey, byte[] datagram) {
        L2tpPeerKey key = (L2tpPeerKey) peerKey;
        byte[] buf = new byte[HEADROOM + datagram.length + Esp.MAX_TAILROOM];
        System.arraycopy(datagram, 0, buf, HEADROOM, datagram.length);
        sendL2tp(key.peer(), key.innerPort(), buf, HEADROOM, datagram.length);
    }

    @Override
    public void tunnelUp(TunnelInfo tunnel) {
        tunnels.computeIfAbsent(((L2tpPeerKey) tunnel.peerKey()).peer(), p -> new ArrayList<>()).add(tunnel);
        core.trace(((L2tpPeerKey) tunnel.peerKey()).peer(), "L2TP tunnel " + tunnel.localTunnelId() + "/"
                + tunnel.peerTunnelId() + " up (peer host \"" + tunnel.peerHostName() + "\")");
        probeOlderTunnelsOfItsIdentity((L2tpPeerKey) tunnel.peerKey(), tunnel.localTunnelId());
    }

    /**
     * A device that lost power left its tunnel behind without a StopCCN; when it connects again, that tunnel
     * would hold its session until HELLO finds it dead. So a tunnel coming up has the other tunnels of its
     * IKE identity probed at once, each on its own shard: a live one acknowledges (two devices sharing a
     * certificate behind one NAT both stay), a dead one goes when the retransmission budget runs out. The
     * L2TP test mode has no identity and probes nothing.
     */
    private void probeOlderTunnelsOfItsIdentity(L2tpPeerKey key, int localTunnelId) {
        Optional<PeerIdentity> identity = key.peer().identity();
        if (identity.isEmpty()) {
            return;
        }
        String id = TunnelsByIdentity.key(identity.get());
        TunnelsByIdentity.Tunnel self = new TunnelsByIdentity.Tunnel(this, key, localTunnelId);
        filedIdentity.put(self, id);
        String reason = "a newer tunnel of " + identity.get().ikeId() + " came up";
        List<TunnelsByIdentity.Tunnel> olderOnes = core.tunnelsByIdentity().add(id, self);
        for (TunnelsByIdentity.Tunnel older : olderOnes) {
            older.home().shard().execute(() -> older.home().probe(older, reason));
        }
        if (!olderOnes.isEmpty()) {
            // One logged line per new tunnel; each probed tunnel keeps its own line for `certvpn trace`.
            core.trace(key.peer(), "L2TP tunnel " + localTunnelId + ": liveness probe of " + olderOnes.size()
                    + " older tunnel" + (olderOnes.size() == 1 ? "" : "s") + " of " + identity.get().ikeId());
        }
    }

    /** Shard thread of {@code t}'s owner: a liveness probe of one of our tunnels (see {@link L2tpLns#probe}). */
    private void probe(TunnelsByIdentity.Tunnel t, String reason) {
        if (lns.probe(t.key(), t.localTunnelId(), reason, shard.now())) {
            core.traceUnlogged(t.key().peer(), "L2TP tunnel " + t.localTunnelId() + ": liveness probe, " + reason);
            shard.reschedule(lnsTimers);
        }
    }

    @Override
    public void tunnelDown(TunnelInfo tunnel, String reason) {
        PeerContext peer = ((L2tpPeerKey) tunnel.peerKey()).peer();
        List<TunnelInfo> open = tunnels.get(peer);
        if (open != null) {
            open.removeIf(t -> t.localTunnelId() == tunnel.localTunnelId() && t.peerKey().equals(tunnel.peerKey()));
            if (open.isEmpty()) {
                tunnels.remove(peer);
            }
        }
        TunnelsByIdentity.Tunnel filed = new TunnelsByIdentity.Tunnel(this, (L2tpPeerKey) tunnel.peerKey(),
                tunnel.localTunnelId());
        String identity = filedIdentity.remove(filed);
        if (identity != null) {
            core.tunnelsByIdentity().remove(identity, filed);
        }
        core.trace(((L2tpPeerKey) tunnel.peerKey()).peer(), "L2TP tunnel " + tunnel.localTunnelId() + " down: " + reason);
    }

    @Override
    public void sessionUp(L2tpSession l2tp) {
        L2tpPeerKey key = (L2tpPeerKey) l2tp.peerKey();
        PeerContext peer = key.peer();
        long now = shard.now();
        Optional<String> refusal = core.admitSession(peer);
        if (refusal.isPresent()) {
            core.sessionRefused(peer, "L2TP session " + l2tp.localTunnelId() + "/" + l2tp.localSessionId() + " refused: "
                    + refusal.get());
            lns.closeSession(l2tp, refusal.get(), now);
            return;
        }
        SessionContext s = new SessionContext(this, peer, key.innerPort(), l2tp, Instant.now(core.wallClock()));
        PppSettings settings = core.plan().ppp();
        Optional<PeerIdentity> identity = peer.identity();
        if (identity.isEmpty() || identity.get().method() == PeerIdentity.AuthMethod.PRE_SHARED_KEY) {
            // The binding ties a certificate's CN to the PPP user; a shared key or no IPsec has no CN to bind.
            settings = settings.withBinding(BindingPolicy.OFF);
        }
        PppServices services = new PppServices(core.verifier(), core.leases().forSession(s), core.throttle(),
                core.random());
        PppSession ppp = new PppSession(settings, services, identity, peer.outer().getAddress().getHostAddress(),
                s.label(), s);
        s.attach(ppp);
        sessions.put(l2tp, s);
        peer.addSession(s);
        core.sessionAdded(s);
        core.traceProgress(peer, "L2TP session " + l2tp.localTunnelId() + "/" + l2tp.localSessionId() + " up, starting PPP");
        ppp.start(now);
        shard.reschedule(s);
    }

    @Override
    public void sessionDown(L2tpSession l2tp, String reason) {
        SessionContext s = sessions.remove(l2tp);
        if (s == null) {
            return;
        }
        s.markL2tpDown();
        if (!s.pppDown()) {
            s.ppp().lowerLayerDown(shard.now());
        }
        finish(s, "L2TP session down: " + reason);
    }

    @Override
    public void pppFrame(L2tpSession l2tp, byte[] buf, int offset, int length) {
        SessionContext s = sessions.get(l2tp);
        if (s == null || s.pppDown()) {
            return;
        }
        s.refreshDataPath();
        s.ppp().receiveFrame(buf, offset, length, shard.now());
        shard.reschedule(s);
    }

    @Override
    public long dataReceivedAt(L2tpSession l2tp) {
        SessionContext s = sessions.get(l2tp);
        return s == null ? Long.MIN_VALUE : s.dataReceivedAt();
    }

    @Override
    public void shutdownComplete(int acknowledged, int timedOut) {
        core.l2tpShutdownComplete(this, acknowledged, timedOut);
    }

    // ---- callbacks from SessionContext (PPP listener) ----

    /** Enforces the per-user session limit: the newest session wins, the oldest beyond the limit goes. */
    void userAuthenticated(SessionContext s, String user) {
        core.userSessionLimit(s, user);
    }

    void authenticationFailed(SessionContext s, String user, String reason) {
        core.authenticationFailed(s, user, reason);
    }

    void networkUp(SessionContext s, NetworkParameters p) {
        core.networkUp(s, p);
    }

    void networkDown(SessionContext s) {
        core.networkDown(s);
    }

    void pppLinkDown(SessionContext s, LinkDownReason reason, String detail) {
        core.networkDown(s);
        if (detail != null && org.certvpn.ppp.auth.LoginGate.throttled(detail)) {
            detail = "login throttled"; // the refusal itself is traced once per interval, with its reason
        }
        // The PPP engine logs the link's end with its frame counts; this line is for `certvpn trace`.
        core.traceProgress(s, "PPP down: " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        if (!s.l2tpDown()) {
            s.markL2tpDown();
            sessions.remove(s.l2tp());
            lns.closeSession(s.l2tp(), "PPP link down: " + reason, shard.now());
            shard.reschedule(lnsTimers);
        }
        finish(s, null);
    }

    private void finish(SessionContext s, String why) {
        s.peer().removeSession(s);
        shard.forget(s);
        core.sessionRemoved(s, why);
        if (s.kicked() && s.peer().sessions().length == 0 && s.peer().transport() == Transport.ESP) {
            // An administrator ended the session: end the tunnel and the IPsec SAs too (StopCCN, DELETE).
            closePeerTunnels(s.peer(), "ended by the administrator");
            deleteIpsec(s.peer(), "ended by the administrator");
        }
    }

    void trace(SessionContext s, String line) {
        core.trace(s, line);
    }

    void traceProgress(SessionContext s, String line) {
        core.traceProgress(s, line);
    }

    // ---- administration ----

    /** Ends a session cleanly: LCP Terminate, then CDN. */
    void kick(SessionContext s, String reason) {
        s.markKicked();
        if (s.ppp() != null && !s.pppDown()) {
            s.ppp().close(LinkDownReason.ADMIN_CLOSE, reason, shard.now());
            shard.reschedule(s);
        } else if (!s.l2tpDown()) {
            s.markL2tpDown();
            sessions.remove(s.l2tp());
            lns.closeSession(s.l2tp(), reason, shard.now());
            finish(s, reason);
        }
        shard.reschedule(lnsTimers);
    }

    /** Closes every tunnel of a peer whose IPsec is gone; the LNS reports each session down, which stops its PPP. */
    void closePeerTunnels(PeerContext peer, String reason) {
        long now = shard.now();
        List<TunnelInfo> open = tunnels.remove(peer);
        if (open != null) {
            for (TunnelInfo t : open) {
                lns.closeTunnel(t.peerKey(), t.localTunnelId(), reason, now);
            }
        }
        shard.reschedule(lnsTimers);
    }

    List<SessionContext> sessionsSnapshot() {
        return List.copyOf(sessions.values());
    }

    void shutdown() {
        long now = shard.now();
        for (SessionContext s : List.copyOf(sessions.values())) {
            if (s.ppp() != null && !s.pppDown()) {
                s.ppp().close(LinkDownReason.ADMIN_CLOSE, "gateway shutting down", now);
            }
        }
        lns.shutdown(now);
        shard.reschedule(lnsTimers);
    }

    boolean l2tpShutdownComplete() {
        return lns.isShutdownComplete();
    }

    // ---- IKE events (shard thread, from inside the engine's calls) ----

    private final class IkeEvents implements IkeListener {
        @Override
        public void send(Endpoint local, Endpoint remote, byte[] datagram) {
            core.sendIke(local.address(), local.port(), new InetSocketAddress(remote.address(), remote.port()), datagram);
        }

        @Override
        public void negotiationStarted(Endpoint peer) {
            core.metrics().handshakeStarted();
        }

        @Override
        public long espReceivedAt(int inboundSpi) {
            org.certvpn.esp.InboundSa sa = core.saTable().find(inboundSpi);
            return sa == null ? Long.MIN_VALUE : sa.receivedAt();
        }

        @Override
        public void negotiationFailed(Endpoint peer, org.certvpn.ike.DropReason reason, String detail) {
            core.negotiationFailed(reason, detail);
        }

        @Override
        public void negotiationTimedOut(Endpoint peer, String detail) {
            core.metrics().handshakeFailed(org.certvpn.metrics.HandshakeFailure.TIMEOUT);
        }

        @Override
        public void ikeSaUp(IkeSaInfo sa) {
            if (core.plan().ike().map(org.certvpn.ike.IkeSettings::uniqueIds).orElse(false)) {
                // This engine already replaced older SAs of the identity it holds; the other shards' engines
                // cannot see this one, so they are told here (uniqueids = yes: the newest wins everywhere).
                for (ShardProtocols other : core.shards()) {
                    if (other != ShardProtocols.this) {
                        String id = sa.identity().ikeId();
                        other.shard().execute(() -> other.replaceIdentity(id));
                    }
                }
            }
        }

        @Override
        public void childSaInstalled(ChildSaInfo child, ChildSaKeys keys) {
            core.installChildSa(ShardProtocols.this, child, keys);
        }

        @Override
        public void childSaRemoved(ChildSaInfo child, String reason) {
            PeerContext peer = core.removeChildSa(child, reason);
            if (peer != null && !peer.hasSas()) {
                // The last SA of this peer is gone: nothing can reach its tunnels any more.
                closePeerTunnels(peer, "IPsec SA gone: " + reason);
                core.forgetEspPeer(peer);
            }
        }

        @Override
        public void trace(String label, String line) {
            core.trace(label, line);
        }
    }

    /** Deletes the IKE SAs (and with them the IPsec SAs) of one peer endpoint, telling the peer. */
    void deleteIpsec(PeerContext peer, String reason) {
        if (ike == null) {
            return;
        }
        long now = shard.now();
        for (EspSaPair pair : peer.saPairs()) {
            ike.deleteChildSa(now, pair.inbound().spi(), reason);
        }
        for (var sa : ike.ikeSas()) {
            if (sa.peer().address().equals(peer.outer().getAddress())
                    && (peer.outer().getPort() == 0 || sa.peer().port() == peer.outer().getPort())) {
                ike.deleteIkeSa(now, sa.serial(), reason);
            }
        }
        shard.reschedule(ikeTimers);
    }

    /** {@code uniqueids = yes}: a newer SA of this identity came up on another shard; ours go. */
    void replaceIdentity(String ikeId) {
        if (ike == null) {
            return;
        }
        long now = shard.now();
        for (var sa : ike.ikeSas()) {
            if (sa.identity().ikeId().equals(ikeId)) {
                for (var child : ike.childSas()) {
                    if (child.ikeSaSerial() == sa.serial()) {
                        ike.deleteChildSa(now, child.inboundSpi(), "replaced by a newer connection of " + ikeId);
                    }
                }
                ike.deleteIkeSa(now, sa.serial(), "replaced by a newer connection of " + ikeId + " (uniqueids)");
            }
        }
        shard.reschedule(ikeTimers);
    }

    /** Deletes every IKE SA of this shard (gateway shutdown). */
    void deleteAllIpsec(String reason) {
        if (ike == null) {
            return;
        }
        long now = shard.now();
        for (var child : ike.childSas()) {
            ike.deleteChildSa(now, child.inboundSpi(), reason);
        }
        for (var sa : ike.ikeSas()) {
            ike.deleteIkeSa(now, sa.serial(), reason);
        }
        shard.reschedule(ikeTimers);
    }

    void updatePeerAuthentication(org.certvpn.ike.IkeSettings next) {
        if (ike != null) {
            ike.updatePeerAuthentication(next);
        }
    }

    Ikev1Engine ike() {
        return ike;
    }
}
