package org.certvpn.gateway;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.Optional;
import org.certvpn.l2tp.L2tpSession;
import org.certvpn.ppp.LinkDownReason;
import org.certvpn.ppp.NetworkParameters;
import org.certvpn.ppp.PppListener;
import org.certvpn.ppp.PppSession;

/**
 * One user session: an L2TP session and the PPP link it carries, on one peer. The shard owns the engines;
 * the data path reads {@link #dataPath()} and bumps the traffic counters.
 */
final class SessionContext implements PppListener, Timed {
    private static final VarHandle BYTES_IN;
    private static final VarHandle BYTES_OUT;
    private static final VarHandle PACKETS_IN;
    private static final VarHandle PACKETS_OUT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BYTES_IN = l.findVarHandle(SessionContext.class, "bytesIn", long.class);
            BYTES_OUT = l.findVarHandle(SessionContext.class, "bytesOut", long.class);
            PACKETS_IN = l.findVarHandle(SessionContext.class, "packetsIn", long.class);
            PACKETS_OUT = l.findVarHandle(SessionContext.class, "packetsOut", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ShardProtocols host;
    private final PeerContext peer;
    private final int innerPort;
    private final L2tpSession l2tp;
    private final int localTunnelId;
    private final int localSessionId;
    private final Instant since;
    private final String label;
    private PppSession ppp;

    private volatile DataPath dataPath;
    private volatile String user;
    private volatile Inet4Address address;
    private volatile long lastActivityMillis;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long packetsIn;
    private volatile long packetsOut;
    private boolean l2tpDown;
    /** When a PPP frame (LCP, IPCP, ...) last came by the fast path (shard thread only). */
    private long pppFrameAt = Long.MIN_VALUE;
    /** Whether IPCP came up before: a renegotiation (RFC 1661 §4.3, RCR in Opened) brings it up again. */
    private boolean networkCameUp;
    private boolean kicked;
    private boolean pppDown;

    SessionContext(ShardProtocols host, PeerContext peer, int innerPort, L2tpSession l2tp, Instant since) {
        this.host = host;
        this.peer = peer;
        this.innerPort = innerPort;
        this.l2tp = l2tp;
        this.localTunnelId = l2tp.localTunnelId();
        this.localSessionId = l2tp.localSessionId();
        this.since = since;
        this.label = peer.label() + " l2tp " + localTunnelId + "/" + localSessionId;
    }

    void attach(PppSession session) {
        this.ppp = session;
    }

    PppSession ppp() {
        return ppp;
    }

    L2tpSession l2tp() {
        return l2tp;
    }

    PeerContext peer() {
        return peer;
    }

    int innerPort() {
        return innerPort;
    }

    int localTunnelId() {
        return localTunnelId;
    }

    int localSessionId() {
        return localSessionId;
    }

    String label() {
        return label;
    }

    Instant since() {
        return since;
    }

    DataPath dataPath() {
        return dataPath;
    }

    Optional<String> user() {
        return Optional.ofNullable(user);
    }

    Optional<Inet4Address> address() {
        return Optional.ofNullable(address);
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    long packetsIn() {
        return packetsIn;
    }

    long packetsOut() {
        return packetsOut;
    }

    long lastActivityMillis() {
        return lastActivityMillis;
    }

    void countIn(int bytes, long nowMillis) {
        BYTES_IN.getAndAdd(this, (long) bytes);
        PACKETS_IN.getAndAdd(this, 1L);
        lastActivityMillis = nowMillis;
    }

    /** Called on the shard for a PPP frame the fast path passed on without the L2TP engine seeing it. */
    void notePppFrameFromFastPath(long nowMillis) {
        pppFrameAt = nowMillis;
    }

    /**
     * When data of this session last arrived by the fast path (IPv4 to the TUN device, PPP frames passed to
     * the shard), or {@code Long.MIN_VALUE}: the L2TP engine does not see those messages, and its HELLO must
     * not probe a peer whose LCP echo replies or traffic arrive. Shard thread.
     */
    long dataReceivedAt() {
        long ipv4 = lastActivityMillis;
        return Math.max(pppFrameAt, ipv4 == 0 ? Long.MIN_VALUE : ipv4);
    }

    void countOut(int bytes) {
        BYTES_OUT.getAndAdd(this, (long) bytes);
        PACKETS_OUT.getAndAdd(this, 1L);
    }

    boolean l2tpDown() {
        return l2tpDown;
    }

    void markL2tpDown() {
        l2tpDown = true;
    }

    boolean kicked() {
        return kicked;
    }

    void markKicked() {
        kicked = true;
    }

    boolean pppDown() {
        return pppDown;
    }

    // ---- Timed: the PPP link's timers ----

    @Override
    public long nextDeadline() {
        return ppp == null ? Long.MAX_VALUE : ppp.nextDeadline();
    }

    @Override
    public void onTimer(long nowMillis) {
        ppp.onTimer(nowMillis);
    }

    // ---- PppListener (shard thread) ----

    @Override
    public void sendFrame(byte[] buf, int off, int len) {
        if (l2tpDown) {
            return;
        }
        int start = l2tp.encapsulate(buf, off, len);
        host.sendL2tp(peer, innerPort, buf, start, off + len - start);
        countOut(len);
    }

    @Override
    public void deliverIpv4(byte[] buf, int off, int len) {
        // Only the slow path (sequenced L2TP data) comes here; the fast path writes to the TUN directly.
        host.writeTun(this, buf, off, len);
    }

    @Override
    public void authenticated(String name) {
        this.user = name;
        host.traceProgress(this, "PPP user \"" + name + "\" authenticated"); // "PPP up" names the user
        host.userAuthenticated(this, name);
    }

    @Override
    public void authenticationFailed(String name, String reason) {
        host.authenticationFailed(this, name, reason);
    }

    /** True the first time the network comes up in this session, false on every renegotiation after. */
    boolean firstNetworkUp() {
        boolean first = !networkCameUp;
        networkCameUp = true;
        return first;
    }

    @Override
    public void networkUp(NetworkParameters parameters) {
        this.address = parameters.peerAddress();
        this.dataPath = new DataPath(Ipv4Addresses.toInt(parameters.peerAddress()), l2tp.peerTunnelId(),
                l2tp.peerSessionId(), host.lengthBit(), l2tp.sendsSequenceNumbers());
        host.networkUp(this, parameters);
    }

    @Override
    public void networkDown() {
        this.dataPath = null;
        host.networkDown(this);
    }

    @Override
    public void linkDown(LinkDownReason reason, String detail) {
        this.dataPath = null;
        this.pppDown = true;
        host.pppLinkDown(this, reason, detail);
    }

    /** Called when the L2TP engine's sequencing state may have changed (it mirrors the peer). */
    void refreshDataPath() {
        DataPath dp = dataPath;
        if (dp != null && dp.sequencing() != l2tp.sendsSequenceNumbers()) {
            dataPath = new DataPath(dp.clientAddress(), dp.peerTunnelId(), dp.peerSessionId(), dp.lengthBit(),
                    l2tp.sendsSequenceNumbers());
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
