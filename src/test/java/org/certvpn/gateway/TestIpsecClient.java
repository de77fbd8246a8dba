package org.certvpn.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.certvpn.crypto.DhKeySource;
import org.certvpn.esp.Esp;
import org.certvpn.esp.EspContext;
import org.certvpn.esp.EspSaPair;
import org.certvpn.esp.EspStatus;
import org.certvpn.esp.InboundSa;
import org.certvpn.esp.InboundSaTable;
import org.certvpn.esp.TransportUdp;
import org.certvpn.esp.UdpEncapsulation;
import org.certvpn.ike.ChildSaInfo;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeListener;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.v1.Ikev1Engine;
import org.certvpn.ike.v1.Ikev1Initiation;
import org.certvpn.ipsec.ChildSaKeys;
import org.certvpn.l2tp.L2tpLac;
import org.certvpn.l2tp.L2tpListener;
import org.certvpn.l2tp.L2tpSession;
import org.certvpn.l2tp.L2tpSettings;
import org.certvpn.net.DatagramEndpoint;
import org.certvpn.net.InMemoryNetwork;
import org.certvpn.net.ReceivedDatagram;
import org.certvpn.ppp.LinkDownReason;
import org.certvpn.ppp.NetworkParameters;
import org.certvpn.ppp.PppClient;
import org.certvpn.ppp.PppClientSettings;
import org.certvpn.ppp.PppListener;

/**
 * An L2TP/IPsec client behind a NAT made of the project's own initiator engines (IKEv1, ESP, LAC, PPP
 * client), for in-memory end-to-end tests of the whole gateway. Its "private" address goes into IKE (so
 * NAT-D sees a NAT and everything moves to UDP 4500); its endpoints are bound to the NAT's public address.
 */
public final class TestIpsecClient implements AutoCloseable {
    private static final int HEADROOM = 96;

    private final DatagramEndpoint ike500;
    private final DatagramEndpoint natt;
    private final InetSocketAddress gateway500;
    private final InetSocketAddress gateway4500;
    /** The gateway as raw ESP's peer (port 0 stands for IP protocol 50 on the in-memory network). */
    private final InetSocketAddress gatewayEsp;
    /** The client's raw ESP endpoint, for an SA without UDP encapsulation (no NAT); null if it has none. */
    private volatile DatagramEndpoint raw;
    private final PppClientSettings pppSettings;
    private final Object lock = new Object();
    private final Ikev1Engine ike;
    private volatile Ikev1Initiation initiation;
    private final InboundSaTable inbound = new InboundSaTable();
    private final EspContext esp = new EspContext();
    private final SplittableRandom random;
    private final L2tpLac lac;
    private final Thread[] threads;
    private volatile boolean closed;
    private EspSaPair sa;
    private L2tpSession session;
    private PppClient ppp;
    private final java.util.List<byte[]> early = new java.util.ArrayList<>();

    public final CountDownLatch ipsecUp = new CountDownLatch(1);
    public final CountDownLatch networkUp = new CountDownLatch(1);
    public final CountDownLatch linkDown = new CountDownLatch(1);
    public final CountDownLatch ipsecDown = new CountDownLatch(1);
    public volatile NetworkParameters network;
    public volatile LinkDownReason downReason;
    public volatile String authFailure;
    /** Counted down when the IKE negotiation failed for good; {@link #ikeFailure} says why. */
    public final CountDownLatch ikeFailed = new CountDownLatch(1);
    public volatile String ikeFailure;
    /**
     * When false, the IKE engine's timers are not run: no retransmission, no timeout. A test that must see
     * an answer to the first copy of a message sets it before {@link #connect}.
     */
    public volatile boolean ikeTimersRunning = true;
    public volatile ChildSaInfo child;
    /** Counted down when a Quick Mode started by {@link #rekey()} has installed the new SA pair. */
    public final CountDownLatch rekeyed = new CountDownLatch(1);
    /** IPv4 packets the gateway delivered through the tunnel, unless {@link #onIpv4} takes them. */
    public final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    /** When set, takes delivered IPv4 packets instead of {@link #received} (for counting at high rates). */
    public volatile java.util.function.Consumer<byte[]> onIpv4;
    final java.util.List<String> trace = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /**
     * Sees every datagram and frame the client exchanges, by kind: {@code ike} (ISAKMP without the non-ESP
     * marker), {@code udp4500} (whole UDP/4500 payloads), {@code l2tp} (plaintext inside ESP) and {@code ppp}
     * (PPP frames), each followed by {@code >} when the client sent it and {@code <} when it received it;
     * used to record fuzzing seeds from real exchanges.
     */
    public volatile java.util.function.BiConsumer<String, byte[]> recorder = (kind, bytes) -> { };

    /**
     * @param nat the NAT's public address; {@code port500}/{@code port4500} are what it maps the client's
     *     IKE and NAT-T ports to
     * @param psk null for certificate authentication (then {@code settings} carries the client certificate)
     */
    TestIpsecClient(InMemoryNetwork net, InetAddress nat, int port500, int port4500, InetAddress privateAddress,
            InetAddress gateway, IkeSettings settings, PppClientSettings pppSettings, long seed, byte[] psk)
            throws IOException {
        this(net.bind(new InetSocketAddress(nat, port500)), net.bind(new InetSocketAddress(nat, port4500)),
                privateAddress, gateway, settings, pppSettings, seed, psk);
    }

    /**
     * A client on any pair of endpoints (real UDP sockets for load and flood tests in namespaces).
     *
     * @param ike500 the client's IKE socket, {@code natt} its NAT-T socket; both are closed with the client
     * @param psk null for certificate authentication (then {@code settings} carries the client certificate)
     */
    public TestIpsecClient(DatagramEndpoint ike500, DatagramEndpoint natt, InetAddress privateAddress,
            InetAddress gateway, IkeSettings settings, PppClientSettings pppSettings, long seed, byte[] psk) {
        this.ike500 = ike500;
        this.natt = natt;
        this.gateway500 = new InetSocketAddress(gateway, 500);
        this.gateway4500 = new InetSocketAddress(gateway, 4500);
        this.gatewayEsp = new InetSocketAddress(gateway, 0);
        this.pppSettings = pppSettings;
        this.random = new SplittableRandom(seed);
        this.ike = new Ikev1Engine(settings, new Ike(), random.split(), DhKeySource.from(random.split()), Clock.systemUTC());
        this.initiation = Ikev1Initiation.android(new Endpoint(gateway, 500), privateAddress,
                java.util.Optional.ofNullable(psk));
        this.lac = new L2tpLac(L2tpSettings.androidLac(), random.split(), "gateway", new Lac(), now());
        this.threads = new Thread[] {
            Thread.ofPlatform().daemon().name("client-500").start(() -> receive(ike500, 500)),
            Thread.ofPlatform().daemon().name("client-4500").start(() -> receive(natt, 4500)),
            Thread.ofPlatform().daemon().name("client-timer").start(this::tick)
        };
    }

    /**
     * Gives a client that is not behind NAT its raw ESP endpoint (bound to its address, port 0); call before
     * {@link #connect}. Without NAT the SA is not UDP-encapsulated and ESP goes both ways through it.
     */
    public void rawEsp(DatagramEndpoint endpoint) {
        this.raw = endpoint;
        Thread.ofPlatform().daemon().name("client-esp").start(() -> receive(endpoint, 0));
    }

    private static long now() {
        return System.nanoTime() / 1_000_000L;
    }

    /** Leaves INITIAL-CONTACT out of Main Mode, as strongSwan does when it reconnects; call before {@link #connect}. */
    public void withoutInitialContact() {
        initiation = initiation.withInitialContact(false);
    }

    public void connect() {
        synchronized (lock) {
            ike.initiate(now(), initiation);
        }
    }

    /**
     * Rekeys the IPsec SA the way a client does before its lifetime ends: a new Quick Mode on the same IKE
     * SA. Returns our inbound SPI of the SA being replaced, for {@link #deleteChildSa}.
     */
    public int rekey() {
        synchronized (lock) {
            int old = child.inboundSpi();
            ike.startQuickMode(now(), child.ikeSaSerial());
            return old;
        }
    }

    /** Deletes one of our child SAs and tells the gateway (the old SA after a rekey). */
    public void deleteChildSa(int inboundSpi) {
        synchronized (lock) {
            ike.deleteChildSa(now(), inboundSpi, "rekeyed");
        }
    }

    public boolean awaitUp(long seconds) throws InterruptedException {
        return networkUp.await(seconds, TimeUnit.SECONDS);
    }

    public int address() {
        synchronized (lock) {
            return ppp.address();
        }
    }

    public void sendIpv4(byte[] packet) {
        byte[] buf = new byte[HEADROOM + packet.length + Esp.MAX_TAILROOM];
        System.arraycopy(packet, 0, buf, HEADROOM, packet.length);
        synchronized (lock) {
            int frame = ppp.encapsulateIpv4(buf, HEADROOM, packet.length);
            int start = session.encapsulate(buf, frame, HEADROOM + packet.length - frame);
            sendL2tp(buf, start, HEADROOM + packet.length - start);
        }
    }

    /** Stops answering anything and sends nothing, like a phone switched off. */
    public void vanish() {
        closed = true;
        ike500.close();
        natt.close();
    }

    /**
     * Sends an arbitrary L2TP datagram inside this client's ESP SA, from inner UDP port {@code innerPort}
     * (a flood test's own control messages). False before IPsec is up.
     */
    public boolean sendL2tpRaw(byte[] datagram, int innerPort) {
        byte[] buf = new byte[HEADROOM + datagram.length + Esp.MAX_TAILROOM];
        System.arraycopy(datagram, 0, buf, HEADROOM, datagram.length);
        synchronized (lock) {
            if (sa == null) {
                return false;
            }
            int udp = HEADROOM - TransportUdp.HEADER_LENGTH;
            TransportUdp.writeHeader(buf, udp, innerPort, 1701, datagram.length);
            if (esp.seal(sa.outbound(), buf, udp, datagram.length + TransportUdp.HEADER_LENGTH, Esp.NEXT_HEADER_UDP)
                    != EspStatus.OK) {
                return false;
            }
            send(natt, buf, esp.packetOffset(), esp.packetLength(), gateway4500);
            return true;
        }
    }

    /** Sends a datagram as it is from this client's NAT-T socket (replays of its own ESP packets). */
    public void sendRaw4500(byte[] datagram) {
        send(natt, datagram, 0, datagram.length, gateway4500);
    }

    private void sendL2tp(byte[] buf, int off, int len) {
        if (sa == null) {
            return; // never cleartext: L2TP only inside ESP
        }
        recorder.accept("l2tp>", Arrays.copyOfRange(buf, off, off + len));
        int udp = off - TransportUdp.HEADER_LENGTH;
        TransportUdp.writeHeader(buf, udp, 1701, 1701, len);
        if (esp.seal(sa.outbound(), buf, udp, len + TransportUdp.HEADER_LENGTH, Esp.NEXT_HEADER_UDP) != EspStatus.OK) {
            return;
        }
        if (!child.udpEncapsulated()) {
            send(raw, buf, esp.packetOffset(), esp.packetLength(), gatewayEsp);
            return;
        }
        recorder.accept("udp4500>", Arrays.copyOfRange(buf, esp.packetOffset(), esp.packetOffset() + esp.packetLength()));
        send(natt, buf, esp.packetOffset(), esp.packetLength(), gateway4500);
    }

    private void send(DatagramEndpoint e, byte[] buf, int off, int len, InetSocketAddress to) {
        try {
            e.send(buf, off, len, to);
        } catch (IOException ex) {
            // closed
        }
    }

    private void receive(DatagramEndpoint e, int localPort) {
        byte[] buf = new byte[65_600];
        ReceivedDatagram d = new ReceivedDatagram();
        try {
            while (e.receive(buf, 0, 65_535, d)) {
                if (localPort != 0) {
                    recorder.accept(localPort == 500 ? "ike<" : "udp4500<", Arrays.copyOf(buf, d.length()));
                }
                if (localPort == 4500 && UdpEncapsulation.classify(buf, 0, d.length()) == UdpEncapsulation.Kind.IKE) {
                    recorder.accept("ike<", Arrays.copyOfRange(buf, 4, d.length()));
                }
                synchronized (lock) {
                    if (localPort == 500) {
                        ike.receive(now(), localPort, d.source().getAddress(), d.source().getPort(),
                                Arrays.copyOf(buf, d.length()));
                        continue;
                    }
                    if (localPort == 0) {
                        if (esp.open(inbound, buf, 0, d.length(), d.source()) == EspStatus.OK) {
                            int p = esp.payloadOffset();
                            lac.receive(buf, p + 8, esp.payloadLength() - 8, now());
                        }
                        continue;
                    }
                    switch (UdpEncapsulation.classify(buf, 0, d.length())) {
                        case IKE -> ike.receive(now(), 4500, d.source().getAddress(), d.source().getPort(),
                                Arrays.copyOfRange(buf, 4, d.length()));
                        case ESP -> {
                            if (esp.open(inbound, buf, 0, d.length(), d.source()) == EspStatus.OK) {
                                int p = esp.payloadOffset();
                                recorder.accept("l2tp<", Arrays.copyOfRange(buf, p + 8, p + esp.payloadLength()));
                                lac.receive(buf, p + 8, esp.payloadLength() - 8, now());
                            }
                        }
                        default -> { }
                    }
                }
            }
        } catch (IOException ex) {
            // closed
        }
    }

    private void tick() {
        while (!closed) {
            synchronized (lock) {
                long now = now();
                if (ikeTimersRunning && ike.nextDeadline() <= now) {
                    ike.onTimer(now);
                }
                if (lac.nextDeadline() <= now) {
                    lac.onTimer(now);
                }
                if (ppp != null && ppp.nextDeadline() <= now) {
                    ppp.onTimer(now);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ike500.close();
        natt.close();
        if (raw != null) {
            raw.close();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    private final class Ike implements IkeListener {
        @Override
        public void send(int localPort, Endpoint remote, byte[] datagram) {
            InetSocketAddress to = new InetSocketAddress(remote.address(), remote.port());
            recorder.accept("ike>", datagram.clone());
            if (localPort == 500) {
                TestIpsecClient.this.send(ike500, datagram, 0, datagram.length, to);
            } else {
                byte[] buf = new byte[datagram.length + 4];
                System.arraycopy(datagram, 0, buf, 4, datagram.length);
                recorder.accept("udp4500>", buf.clone());
                TestIpsecClient.this.send(natt, buf, 0, buf.length, to);
            }
        }

        @Override
        public void childSaInstalled(ChildSaInfo info, ChildSaKeys keys) {
            boolean rekey = child != null;
            child = info;
            sa = EspSaPair.create(keys, info.udpEncapsulated() ? gateway4500 : gatewayEsp, random.split());
            inbound.reserveSpi(new SplittableRandom(info.inboundSpi()));
            inbound.install(sa.inbound());
            if (rekey) {
                // Like strongSwan: send on the new SA at once, keep receiving on the old one until it is deleted.
                rekeyed.countDown();
                return;
            }
            ipsecUp.countDown();
            lac.start(now());
            session = lac.openSession(now());
        }

        @Override
        public void childSaRemoved(ChildSaInfo info, String reason) {
            InboundSa gone = inbound.find(info.inboundSpi());
            if (gone != null) {
                inbound.remove(gone); // whatever still arrives on it is dropped, as by a real client
            }
            if (child != null && info.inboundSpi() == child.inboundSpi()) {
                ipsecDown.countDown();
            }
        }

        @Override
        public void negotiationFailed(Endpoint peer, org.certvpn.ike.DropReason reason, String detail) {
            ikeFailure = detail;
            ikeFailed.countDown();
        }

        @Override
        public void trace(String label, String line) {
            TestIpsecClient.this.trace.add(label + ": " + line);
        }
    }

    private final class Lac implements L2tpListener {
        @Override
        public void sendControl(Object peerKey, byte[] datagram) {
            byte[] buf = new byte[HEADROOM + datagram.length + Esp.MAX_TAILROOM];
            System.arraycopy(datagram, 0, buf, HEADROOM, datagram.length);
            sendL2tp(buf, HEADROOM, datagram.length);
        }

        @Override
        public void sessionUp(L2tpSession s) {
            ppp = new PppClient(pppSettings, random.split(), "client", new Ppp());
            ppp.start(now());
            for (byte[] f : early) {
                ppp.receiveFrame(f, 0, f.length, now());
            }
            early.clear();
        }

        @Override
        public void pppFrame(L2tpSession s, byte[] buf, int offset, int length) {
            recorder.accept("ppp<", Arrays.copyOfRange(buf, offset, offset + length));
            if (ppp != null) {
                ppp.receiveFrame(buf, offset, length, now());
            } else {
                early.add(Arrays.copyOfRange(buf, offset, offset + length));
            }
        }
    }

    private final class Ppp implements PppListener {
        @Override
        public void sendFrame(byte[] buf, int off, int len) {
            recorder.accept("ppp>", Arrays.copyOfRange(buf, off, off + len));
            byte[] roomy = new byte[HEADROOM + len + Esp.MAX_TAILROOM];
            System.arraycopy(buf, off, roomy, HEADROOM, len);
            int start = session.encapsulate(roomy, HEADROOM, len);
            sendL2tp(roomy, start, HEADROOM + len - start);
        }

        @Override
        public void deliverIpv4(byte[] buf, int off, int len) {
            java.util.function.Consumer<byte[]> sink = onIpv4;
            if (sink != null) {
                sink.accept(Arrays.copyOfRange(buf, off, off + len));
                return;
            }
            received.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void networkUp(NetworkParameters parameters) {
            network = parameters;
            networkUp.countDown();
        }

        @Override
        public void authenticationFailed(String user, String reason) {
            authFailure = reason;
        }

        @Override
        public void linkDown(LinkDownReason reason, String detail) {
            downReason = reason;
            linkDown.countDown();
        }
    }
}
