package org.certvpn.loadgen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.certvpn.crypto.DhKeySource;
import org.certvpn.esp.EspSaPair;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.IkeSaInfo;
import org.certvpn.ike.v1.Ikev1Engine;
import org.certvpn.ike.v1.Ikev1Initiation;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.l2tp.L2tpLac;
import org.certvpn.l2tp.L2tpListener;
import org.certvpn.l2tp.L2tpSession;
import org.certvpn.l2tp.L2tpSettings;
import org.certvpn.l2tp.TunnelInfo;
import org.certvpn.ppp.LinkDownReason;
import org.certvpn.ppp.NetworkParameters;
import org.certvpn.ppp.PppClient;
import org.certvpn.ppp.PppListener;

/**
 * One generated L2TP/IPsec client, as a phone would be: IKEv1 Main Mode and Quick Mode (NAT-T forced, so
 * everything after message 4 goes to UDP 4500), then an L2TP tunnel and session inside ESP, then PPP
 * (LCP, CHAP-MD5 or MS-CHAPv2, IPCP). It is sans-IO: its {@link ClientLane} hands it datagrams and time and
 * sends what it asks for from the client's own UDP port. Only its lane's thread touches it.
 */
final class LoadClient {
    private static final System.Logger LOG = System.getLogger(LoadClient.class.getName());

    enum State { NEW, IKE, L2TP, PPP, UP, FAILED, CLOSED }

    final int number;
    final InetAddress source;
    private final ClientLane lane;
    private final LoadSettings settings;
    private State state = State.NEW;
    private Ikev1Engine ike;
    private L2tpLac lac;
    private L2tpSession session;
    private PppClient ppp;
    private EspSaPair sa;
    private List<byte[]> early;
    private String failure;
    long startedAt;
    long ipsecUpAt;
    long upAt;
    long startNanos;
    long ipsecUpNanos;
    long upNanos;
    int localPort;
    /** When the next NAT-T keepalive is due (from IPsec up on, if the settings ask for them). */
    private long keepaliveAt = Long.MAX_VALUE;
    /** When the lane has this client in its timer queue, for lazy removal of superseded entries. */
    long scheduled = Long.MAX_VALUE;
    /** The transport's handle for this client's socket. */
    Object socket;
    /** IPv4 packet sent by the throughput scenarios, built once the address is known. */
    byte[] template;

    LoadClient(int number, InetAddress source, ClientLane lane, LoadSettings settings) {
        this.number = number;
        this.source = source;
        this.lane = lane;
        this.settings = settings;
    }

    State state() {
        return state;
    }

    String failure() {
        return failure;
    }

    /** The address IPCP gave us, as an int (0 until up). */
    int address() {
        return ppp == null ? 0 : ppp.address();
    }

    EspSaPair sa() {
        return sa;
    }

    L2tpSession session() {
        return session;
    }

    PppClient ppp() {
        return ppp;
    }

    private void transition(State to, String why) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "client " + number + ": " + state + " -> " + to + ", " + why);
        }
        state = to;
    }

    /** Starts Main Mode. */
    void start(long now) {
        startedAt = now;
        transition(State.IKE, "connecting");
        ike = new Ikev1Engine(settings.ike(), new Ike(), lane.random().split(), DhKeySource.from(lane.random().split()),
                java.time.Clock.systemUTC(), lane.spis());
        Ikev1Initiation initiation = Ikev1Initiation.android(new Endpoint(settings.server().getAddress(),
                        settings.server().getPort()), source, Optional.ofNullable(settings.psk()))
                .withIkeOffers(settings.ikeOffers())
                .withEspOffers(settings.espOffers())
                .withForceEncapsulation(true);
        ike.initiate(now, initiation);
    }

    void fail(String why) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        failure = why;
        transition(State.FAILED, why);
        lane.clientFailed(this);
    }

    // ---- input from the lane ----

    /** An IKE datagram (marker stripped) from the server's port {@code serverPort}. */
    void ike(long now, int serverPort, byte[] datagram) {
        if (ike != null) {
            ike.receive(now, source, serverPort == settings.natTPort() ? settings.natTPort() : 500,
                    settings.server().getAddress(), serverPort, datagram);
        }
    }

    /** An L2TP datagram that came out of our ESP SA. */
    void l2tp(long now, byte[] buf, int off, int len) {
        if (lac != null) {
            lac.receive(buf, off, len, now);
        }
    }

    long nextDeadline() {
        long d = Long.MAX_VALUE;
        if (ike != null) {
            d = Math.min(d, ike.nextDeadline());
        }
        if (lac != null) {
            d = Math.min(d, lac.nextDeadline());
        }
        if (ppp != null) {
            d = Math.min(d, ppp.nextDeadline());
        }
        if (state != State.UP && state != State.FAILED && state != State.CLOSED) {
            d = Math.min(d, startedAt + settings.connectTimeout().toMillis());
        }
        if (state != State.FAILED && state != State.CLOSED) {
            d = Math.min(d, keepaliveAt);
        }
        return d;
    }

    void onTimer(long now) {
        if (state != State.UP && state != State.FAILED && state != State.CLOSED
                && now >= startedAt + settings.connectTimeout().toMillis()) {
            fail("not up after " + settings.connectTimeout().toSeconds() + " s (in " + state + ")");
            return;
        }
        if (ike != null && ike.nextDeadline() <= now) {
            ike.onTimer(now);
        }
        if (lac != null && lac.nextDeadline() <= now) {
            lac.onTimer(now);
        }
        if (ppp != null && ppp.nextDeadline() <= now) {
            ppp.onTimer(now);
        }
        if (now >= keepaliveAt && state != State.FAILED && state != State.CLOSED) {
            lane.sendNatKeepalive(this);
            keepaliveAt = now + settings.natKeepalive().toMillis();
        }
    }

    /** Says goodbye the way a client that is switched off cleanly does: LCP, L2TP and IKE deletes. */
    void close(long now) {
        if (state == State.CLOSED) {
            return;
        }
        if (lac != null) {
            lac.close("load generator done", now);
        }
        if (ike != null) {
            for (IkeSaInfo s : ike.ikeSas()) {
                ike.deleteIkeSa(now, s.serial(), "load generator done");
            }
        }
        transition(State.CLOSED, "closed");
    }

    // ---- engines ----

    private final class Ike implements IkeListener {
        @Override
        public void send(int localPort, Endpoint remote, byte[] datagram) {
            lane.sendIke(LoadClient.this, remote.port(), datagram);
        }

        @Override
        public void ikeSaDown(IkeSaInfo info, String reason) {
            if (state == State.IKE) {
                fail("IKE: " + reason);
            }
        }

        @Override
        public void childSaInstalled(ChildSaInfo info, ChildSaKeys keys) {
            if (sa != null) {
                return; // a rekey: the load generator keeps its first SA
            }
            long now = lane.now();
            sa = EspSaPair.create(keys, settings.natTServer(), lane.random().split());
            lane.installSa(LoadClient.this, sa);
            ipsecUpAt = now;
            ipsecUpNanos = System.nanoTime();
            if (!settings.natKeepalive().isZero()) {
                keepaliveAt = now + settings.natKeepalive().toMillis();
            }
            transition(State.L2TP, "IPsec SA " + String.format("%08x", info.inboundSpi()) + " up");
            lac = new L2tpLac(L2tpSettings.androidLac(), lane.random().split(), "server", new Lac(), now);
            lac.start(now);
            session = lac.openSession(now);
        }

        @Override
        public void childSaRemoved(ChildSaInfo info, String reason) {
            if (state != State.CLOSED) {
                fail("IPsec SA removed: " + reason);
            }
        }

        @Override
        public void trace(String label, String line) {
            if (LOG.isLoggable(System.Logger.Level.TRACE)) {
                LOG.log(System.Logger.Level.TRACE, "client " + number + " " + label + ": " + line);
            }
        }
    }

    private final class Lac implements L2tpListener {
        @Override
        public void sendControl(Object peerKey, byte[] datagram) {
            lane.sendL2tpCopy(LoadClient.this, datagram, 0, datagram.length);
        }

        @Override
        public void tunnelDown(TunnelInfo tunnel, String reason) {
            if (state != State.CLOSED) {
                fail("L2TP tunnel down: " + reason);
            }
        }

        @Override
        public void sessionUp(L2tpSession s) {
            long now = lane.now();
            transition(State.PPP, "L2TP session up");
            ppp = new PppClient(settings.pppFor(number), lane.random().split(), "client " + number, new Ppp());
            ppp.start(now);
            if (early != null) {
                for (byte[] f : early) {
                    ppp.receiveFrame(f, 0, f.length, now);
                }
                early = null;
            }
        }

        @Override
        public void sessionDown(L2tpSession s, String reason) {
            if (state != State.CLOSED) {
                fail("L2TP session down: " + reason);
            }
        }

        @Override
        public void pppFrame(L2tpSession s, byte[] buf, int offset, int length) {
            if (ppp != null) {
                ppp.receiveFrame(buf, offset, length, lane.now());
            } else {
                // The LNS may start LCP before our side saw the session come up.
                if (early == null) {
                    early = new ArrayList<>();
                }
                early.add(Arrays.copyOfRange(buf, offset, offset + length));
            }
        }
    }

    private final class Ppp implements PppListener {
        @Override
        public void sendFrame(byte[] buf, int off, int len) {
            lane.sendPppCopy(LoadClient.this, buf, off, len);
        }

        @Override
        public void deliverIpv4(byte[] buf, int off, int len) {
            lane.received(LoadClient.this, buf, off, len);
        }

        @Override
        public void networkUp(NetworkParameters parameters) {
            boolean first = upNanos == 0;
            if (first) {
                upAt = lane.now();
                upNanos = System.nanoTime();
            }
            transition(State.UP, "PPP up with " + parameters.localAddress().getHostAddress());
            if (first) {
                lane.clientUp(LoadClient.this); // counted once, even if IPCP is renegotiated later
            }
        }

        @Override
        public void authenticationFailed(String user, String reason) {
            fail("PPP authentication of " + user + " failed: " + reason);
        }

        @Override
        public void linkDown(LinkDownReason reason, String detail) {
            if (state != State.CLOSED) {
                fail("PPP down: " + reason + (detail == null ? "" : " (" + detail + ")"));
            }
        }
    }

    InetSocketAddress natTServer() {
        return settings.natTServer();
    }
}
